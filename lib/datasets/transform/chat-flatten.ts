import type { ChatMessage } from "@/lib/datasets/model";

export const IMAGE_PLACEHOLDER = "<image>";

export type FlatTurn = { role: "user" | "assistant"; text: string };
export type FlatChat = { system: string; turns: FlatTurn[]; images: string[] };

/**
 * Flattens a chat for formats with plain-text turns (LLaMA-Factory's alpaca and sharegpt). System
 * messages are joined into `system`. Consecutive messages of one role are merged, so user and assistant
 * alternate. Each image part becomes an `<image>` placeholder in the text, and its URL is appended to
 * `images` in the same order.
 */
export function flattenChat(messages: ChatMessage[]): FlatChat {
  const systemTexts: string[] = [];
  const turns: FlatTurn[] = [];
  const images: string[] = [];

  for (const message of messages) {
    const text = flattenContent(message, images);
    if (message.role === "system") {
      systemTexts.push(text);
      continue;
    }
    const previous = turns[turns.length - 1];
    if (previous && previous.role === message.role) previous.text += `\n${text}`;
    else turns.push({ role: message.role, text });
  }
  return { system: systemTexts.join("\n"), turns, images };
}

// Text parts are joined with a newline. Placeholders attach directly to the text around them.
function flattenContent(message: ChatMessage, images: string[]): string {
  if (typeof message.content === "string") return message.content;
  let text = "";
  let previousWasText = false;
  for (const part of message.content) {
    if (part.type === "text") {
      text += (previousWasText ? "\n" : "") + part.text;
      previousWasText = true;
    } else {
      text += IMAGE_PLACEHOLDER;
      images.push(part.image_url.url);
      previousWasText = false;
    }
  }
  return text;
}

/**
 * Pairs alternating turns as [user, assistant]. A leading assistant turn gets an empty user text and a
 * trailing user turn an empty assistant text.
 */
export function pairTurns(turns: FlatTurn[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.role === "assistant") {
      pairs.push(["", turn.text]);
      continue;
    }
    const answer = turns[i + 1];
    if (answer?.role === "assistant") {
      pairs.push([turn.text, answer.text]);
      i++;
    } else {
      pairs.push([turn.text, ""]);
    }
  }
  return pairs;
}
