import type { DatasetType } from "@/lib/datasets/model";

/**
 * The fields of a dataset row that an experiment can feed into a template variable or compare with the
 * answer. They are the canonical fields of each dataset type (lib/datasets/model.ts); chat rows expose
 * the text of their last user turn and of their last assistant turn.
 */
export const ROW_FIELDS: Record<DatasetType, readonly string[]> = {
  classification: ["text", "label"],
  instruction: ["instruction", "input", "output"],
  completion: ["prompt", "completion"],
  preference: ["prompt", "chosen", "rejected"],
  chat: ["user", "assistant"],
};

/** Field that fills a template's only variable when the mapping leaves it out. */
export const DEFAULT_INPUT_FIELD: Record<DatasetType, string> = {
  classification: "text",
  instruction: "instruction",
  completion: "prompt",
  preference: "prompt",
  chat: "user",
};

/** Field compared with the answer when the experiment names none; only classification has an obvious one. */
export const DEFAULT_EXPECTED_FIELD: Partial<Record<DatasetType, string>> = { classification: "label" };

type RowLike = { data: unknown; labels: string[] };

/** Reads a field of a row as text; returns null when the row has no such value. */
export function readRowField(type: DatasetType, row: RowLike, field: string): string | null {
  const data = (row.data ?? {}) as Record<string, unknown>;

  if (type === "classification" && field === "label") return row.labels.length > 0 ? row.labels.join(", ") : null;
  if (type === "chat") return readChatField(data, field);

  const value = data[field];
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}

function readChatField(data: Record<string, unknown>, field: string): string | null {
  const messages = Array.isArray(data.messages) ? (data.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  if (field !== "user" && field !== "assistant") return null;
  const role = field;

  // The expected answer is the final assistant turn, and the input is the user turn just before it.
  const lastAssistant = findLastIndex(messages, (message) => message.role === "assistant");
  const searchEnd = role === "user" && lastAssistant >= 0 ? lastAssistant : messages.length;
  const index = findLastIndex(messages.slice(0, searchEnd), (message) => message.role === role);
  if (index < 0) return null;
  return contentText(messages[index]!.content);
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index -= 1) if (predicate(items[index]!)) return index;
  return -1;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part): part is { type: "text"; text: string } => typeof part === "object" && part !== null && part.type === "text")
    .map((part) => part.text)
    .join("\n");
}
