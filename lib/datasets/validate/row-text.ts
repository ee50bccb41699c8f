import {
  CANONICAL_FIELDS,
  type ChatData,
  type ChatMessage,
  type DatasetType,
  type RowData,
} from "@/lib/datasets/model";

/** The text of a row, for full-text search, statistics and token counts. */

/** Maximum length of the search text of a row, in UTF-16 code units. */
export const SEARCH_TEXT_MAX_CHARS = 10_000;

/** Returns the text pieces of a message: its string content or the text of its text parts. */
export function messageTextPieces(message: ChatMessage): string[] {
  if (typeof message.content === "string") {
    return [message.content];
  }
  return message.content.flatMap((part) => (part.type === "text" ? [part.text] : []));
}

/**
 * Returns the non-empty text pieces of a row in display order: message texts for chat, the canonical fields
 * of the other types, and then the labels.
 */
export function rowTextPieces(type: DatasetType, data: RowData, labels: readonly string[]): string[] {
  const pieces =
    type === "chat"
      ? (data as ChatData).messages.flatMap(messageTextPieces)
      : CANONICAL_FIELDS[type].map((field) => (data as Record<string, unknown>)[field]).filter(isString);
  return [...pieces, ...labels].filter((piece) => piece.length > 0);
}

/** Joins all text of a row with newlines. Image parts contribute no text. */
export function rowText(type: DatasetType, data: RowData, labels: string[]): string {
  return rowTextPieces(type, data, labels).join("\n");
}

/** Lower-cases the row text and cuts it to SEARCH_TEXT_MAX_CHARS without splitting a surrogate pair. */
export function buildSearchText(text: string): string {
  // Cut before lower-casing so that a long row is not copied whole. Lower-casing can lengthen a few
  // characters, such as "İ", so the result is cut again.
  let lower = text.slice(0, SEARCH_TEXT_MAX_CHARS).toLowerCase().slice(0, SEARCH_TEXT_MAX_CHARS);
  const last = lower.charCodeAt(lower.length - 1);
  if (lower.length < text.length && last >= 0xd800 && last <= 0xdbff) {
    lower = lower.slice(0, -1);
  }
  return lower;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
