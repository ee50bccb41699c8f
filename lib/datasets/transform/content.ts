import { hash } from "node:crypto";
import { OPTIONAL_FIELDS, type RowData } from "@/lib/datasets/model";
import { isChatData, listTextFields, messageText } from "./fields";

/**
 * Hashes a row's content and labels for exact-duplicate detection. Key order in the data and label order
 * do not matter. Image URLs count as content. SHA-1 is used as a fingerprint here, not for security.
 */
export function hashRowContent(data: RowData, labels: string[]): string {
  let content: unknown;
  if (isChatData(data)) {
    content = data.messages.map((message) => [
      message.role,
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => (part.type === "text" ? ["text", part.text] : ["image", part.image_url.url])),
    ]);
  } else {
    const record = data as Record<string, unknown>;
    content = Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]);
  }
  const canonical = JSON.stringify([content, [...labels].sort()]);
  return hash("sha1", canonical, "base64");
}

const OPTIONAL_FIELD_NAMES = new Set(Object.values(OPTIONAL_FIELDS).flat());

/**
 * Tells whether a row lacks the content a training example needs. A chat row needs a user message with
 * text or an image and an assistant message with text. Other rows need every field except the optional
 * ones (`input` of instruction rows) to contain more than whitespace.
 */
export function isEmptyRow(data: RowData): boolean {
  if (isChatData(data)) {
    const hasUser = data.messages.some(
      (message) =>
        message.role === "user" &&
        (messageText(message).trim() !== "" ||
          (Array.isArray(message.content) && message.content.some((part) => part.type === "image_url"))),
    );
    const hasAssistant = data.messages.some((message) => message.role === "assistant" && messageText(message).trim() !== "");
    return !hasUser || !hasAssistant;
  }

  const fields = listTextFields(data).filter((field) => !OPTIONAL_FIELD_NAMES.has(field.field));
  return fields.length === 0 || fields.some((field) => field.text.trim() === "");
}

/**
 * Returns the text compared for near duplicates. System messages of chat rows are left out because many
 * rows share one system prompt, which would make short dialogues look alike.
 */
export function nearDuplicateText(data: RowData): string {
  if (isChatData(data)) {
    return data.messages
      .filter((message) => message.role !== "system")
      .map(messageText)
      .join("\n");
  }
  return listTextFields(data)
    .map((field) => field.text)
    .join("\n");
}
