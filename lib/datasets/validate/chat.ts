import { CHAT_ROLES, type ChatMessage, type ChatRole, type RowIssue } from "@/lib/datasets/model";
import { normalizeContentParts, type ImageResolver } from "./content-parts";
import { coerceToText, describeType, isBlank, isPlainObject, parseJsonArrayCell } from "./fields";
import { parseOpenAiRole, parseShareGptRole } from "./roles";

/** Normalization and checks of the `messages` of a chat row, in OpenAI or ShareGPT shape. */

export type ChatNormalization = { messages: ChatMessage[]; issues: RowIssue[] };

/**
 * A message as read. `role` is "unreadable" when it is absent or not a string, and "other" when it names a
 * role outside CHAT_ROLES. `content` is null when it could not be read. Each case has its issue recorded.
 */
type ReadMessage = { role: ChatRole | "unreadable" | "other"; content: ChatMessage["content"] | null };

/**
 * Normalizes a message list to OpenAI shape and reports its issues. Messages that could not be read are
 * left out of `messages`, which then only serves token counts and search of a row that has issues.
 */
export function normalizeChatMessages(value: unknown, resolveImage?: ImageResolver): ChatNormalization {
  const issues: RowIssue[] = [];
  const list = parseJsonArrayCell(value);

  if (list === null || list === undefined) {
    issues.push({ code: "missing_field", field: "messages" });
    return { messages: [], issues };
  }
  if (!Array.isArray(list)) {
    issues.push({ code: "wrong_type", field: "messages", params: { expected: "array", found: describeType(list) } });
    return { messages: [], issues };
  }
  if (list.length === 0) {
    issues.push({ code: "empty_content", field: "messages" });
    return { messages: [], issues };
  }

  const read = list.map((message, index) => readMessage(message, `messages[${index}]`, resolveImage, issues));
  checkRoleOrder(read, issues);
  checkEndsWithAssistant(read, issues);

  const messages: ChatMessage[] = [];
  for (const { role, content } of read) {
    if (isChatRole(role) && content !== null) {
      messages.push({ role, content });
    }
  }
  return { messages, issues };
}

function readMessage(raw: unknown, path: string, resolveImage: ImageResolver | undefined, issues: RowIssue[]): ReadMessage {
  if (!isPlainObject(raw)) {
    issues.push({ code: "wrong_type", field: path, params: { expected: "object", found: describeType(raw) } });
    return { role: "unreadable", content: null };
  }
  return {
    role: readRole(raw, `${path}.role`, issues),
    content: readContent(raw, `${path}.content`, resolveImage, issues),
  };
}

/** Reads `role` (OpenAI) or, when it is absent, `from` (ShareGPT). */
function readRole(message: Record<string, unknown>, path: string, issues: RowIssue[]): ReadMessage["role"] {
  const useOpenAi = message.role !== undefined && message.role !== null;
  const raw = useOpenAi ? message.role : message.from;

  if (raw === undefined || raw === null || (typeof raw === "string" && isBlank(raw))) {
    issues.push({ code: "missing_role", field: path });
    return "unreadable";
  }
  if (typeof raw !== "string") {
    issues.push({ code: "wrong_type", field: path, params: { expected: "string", found: describeType(raw) } });
    return "unreadable";
  }

  const role = useOpenAi ? parseOpenAiRole(raw) : parseShareGptRole(raw);
  if (role === null) {
    issues.push({ code: "unknown_role", field: path, params: { role: raw } });
    return "other";
  }
  return role;
}

/** Reads `content` (OpenAI) or, when it is absent, `value` (ShareGPT). */
function readContent(
  message: Record<string, unknown>,
  path: string,
  resolveImage: ImageResolver | undefined,
  issues: RowIssue[],
): ChatMessage["content"] | null {
  const raw = message.content !== undefined && message.content !== null ? message.content : message.value;

  if (Array.isArray(raw)) {
    return normalizeContentParts(raw, path, resolveImage, issues);
  }

  const text = coerceToText(raw);
  if (!text.ok) {
    if (text.reason === "missing") {
      issues.push({ code: "missing_field", field: path });
    } else {
      issues.push({ code: "wrong_type", field: path, params: { expected: "string", found: describeType(raw) } });
    }
    return null;
  }
  if (isBlank(text.text)) {
    issues.push({ code: "empty_content", field: path });
  }
  return text.text;
}

/**
 * Checks that system messages only come first and that user and assistant then alternate, starting with
 * user. After a misplaced message the check goes on from that message's role, so one misplaced message
 * yields one issue. A message without a readable role is taken to have the expected role, since a missing
 * role usually belongs to the speaker whose turn it is. A message with a role such as "tool" is skipped.
 */
function checkRoleOrder(messages: ReadMessage[], issues: RowIssue[]): void {
  let conversationStarted = false;
  let expected: ChatRole = "user";

  messages.forEach((message, index) => {
    const role = message.role;
    if (role === "other") {
      return;
    }
    if (role === "unreadable") {
      conversationStarted = true;
      expected = expected === "user" ? "assistant" : "user";
      return;
    }
    if (role === "system") {
      if (conversationStarted) {
        issues.push({ code: "role_order", field: `messages[${index}].role`, params: { role, expected } });
      }
      return;
    }

    conversationStarted = true;
    if (role !== expected) {
      issues.push({ code: "role_order", field: `messages[${index}].role`, params: { role, expected } });
    }
    expected = role === "user" ? "assistant" : "user";
  });
}

/**
 * Reports no_assistant_turn when the last message is not from the assistant, or when no message is. A last
 * message whose role could not be read already has its own issue, so it only counts through the second rule.
 */
function checkEndsWithAssistant(messages: ReadMessage[], issues: RowIssue[]): void {
  const lastRole = messages.at(-1)?.role;
  const hasAssistant = messages.some((message) => message.role === "assistant");
  const lastIsNotAssistant = lastRole !== undefined && isChatRole(lastRole) && lastRole !== "assistant";

  if (lastIsNotAssistant || !hasAssistant) {
    issues.push({ code: "no_assistant_turn", field: "messages" });
  }
}

function isChatRole(role: ReadMessage["role"]): role is ChatRole {
  return (CHAT_ROLES as readonly string[]).includes(role);
}
