import type { ChatData, ChatMessage, ChatRole, DatasetType, RowData } from "@/lib/datasets/model";

/** One line of a row summary: an optional role or field tag and its text. */
export type SummaryLine = { tag: SummaryTag | null; text: string };
export type SummaryTag = ChatRole | "instruction" | "input" | "output" | "prompt" | "completion" | "chosen" | "rejected";

/** Placeholder put in summaries where a chat message has an image part; the UI swaps it for a translated word. */
export const IMAGE_MARKER = "\u{1F5BC}";

// Summaries are cut here; the table shows one line per entry anyway.
const SUMMARY_CHARS = 300;

const clip = (text: string) => (text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text).replace(/\s+/g, " ").trim();

function asString(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

/** Plain text of a chat message; image parts become IMAGE_MARKER. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  if (!Array.isArray(message.content)) return asString(message.content);
  return message.content.map((part) => (part.type === "text" ? part.text : IMAGE_MARKER)).join(" ");
}

export function isChatData(data: RowData): data is ChatData {
  return Array.isArray((data as ChatData).messages);
}

/**
 * Builds the summary lines that the rows table shows for a row, at most two. A chat shows its first user
 * turn and last assistant turn, and an instruction row its instruction and output. Completion rows show
 * prompt and completion, classification rows their text, and preference pairs the prompt and chosen answer.
 */
export function summarizeRow(type: DatasetType | null, data: RowData): SummaryLine[] {
  const record = data as Record<string, unknown>;

  if (isChatData(data)) {
    const firstUser = data.messages.find((message) => message.role === "user");
    const lastAssistant = data.messages.findLast((message) => message.role === "assistant");
    const lines: SummaryLine[] = [];
    if (firstUser) lines.push({ tag: "user", text: clip(messageText(firstUser)) });
    if (lastAssistant) lines.push({ tag: "assistant", text: clip(messageText(lastAssistant)) });
    if (lines.length === 0 && data.messages[0]) lines.push({ tag: data.messages[0].role, text: clip(messageText(data.messages[0])) });
    return lines;
  }

  switch (type) {
    case "instruction": {
      const input = asString(record.input);
      const instruction = input ? `${asString(record.instruction)} · ${input}` : asString(record.instruction);
      return [
        { tag: "instruction", text: clip(instruction) },
        { tag: "output", text: clip(asString(record.output)) },
      ];
    }
    case "completion":
      return [
        { tag: "prompt", text: clip(asString(record.prompt)) },
        { tag: "completion", text: clip(asString(record.completion)) },
      ];
    case "classification":
      return [{ tag: null, text: clip(asString(record.text)) }];
    case "preference":
      return [
        { tag: "prompt", text: clip(asString(record.prompt)) },
        { tag: "chosen", text: clip(asString(record.chosen)) },
      ];
    default:
      return [{ tag: null, text: clip(JSON.stringify(data)) }];
  }
}

/** Text fields of each non-chat type, in display and edit order. */
export const TEXT_FIELDS: Record<Exclude<DatasetType, "chat">, readonly string[]> = {
  instruction: ["instruction", "input", "output"],
  completion: ["prompt", "completion"],
  classification: ["text"],
  preference: ["prompt", "chosen", "rejected"],
};

/** Reads a text field of row data as a string; missing fields read as "". */
export function textField(data: RowData, field: string): string {
  return asString((data as Record<string, unknown>)[field]);
}
