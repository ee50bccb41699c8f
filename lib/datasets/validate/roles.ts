import { CHAT_ROLES, type ChatRole } from "@/lib/datasets/model";

/** Role names of the OpenAI `role` key and of the ShareGPT `from` key. */

/** ShareGPT speaker names. `bot` and `model` are assistants here but unknown in an OpenAI `role`. */
const SHAREGPT_ROLES = new Map<string, ChatRole>([
  ["system", "system"],
  ["human", "user"],
  ["user", "user"],
  ["gpt", "assistant"],
  ["assistant", "assistant"],
  ["model", "assistant"],
  ["bot", "assistant"],
]);

/** Maps an OpenAI role name to a chat role, ignoring case and surrounding spaces, or returns null. */
export function parseOpenAiRole(name: string): ChatRole | null {
  const role = name.trim().toLowerCase();
  return (CHAT_ROLES as readonly string[]).includes(role) ? (role as ChatRole) : null;
}

/** Maps a ShareGPT `from` value to a chat role, ignoring case and surrounding spaces, or returns null. */
export function parseShareGptRole(name: string): ChatRole | null {
  return SHAREGPT_ROLES.get(name.trim().toLowerCase()) ?? null;
}
