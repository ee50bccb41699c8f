import type { ChatContentPart, ChatData, ChatMessage, RowData } from "@/lib/datasets/model";

/** One text value of a row with its path, e.g. `instruction`, `messages[2].content` or `messages[0].content[1].text`. */
export type TextField = { field: string; text: string };

export function isChatData(data: RowData): data is ChatData {
  return Array.isArray((data as Partial<ChatData>).messages);
}

/** Lists the text values of a row in a fixed order: messages in turn order, otherwise the data's string fields. */
export function listTextFields(data: RowData): TextField[] {
  const fields: TextField[] = [];
  if (isChatData(data)) {
    data.messages.forEach((message, index) => {
      if (typeof message.content === "string") {
        fields.push({ field: `messages[${index}].content`, text: message.content });
        return;
      }
      message.content.forEach((part, partIndex) => {
        if (part.type === "text") fields.push({ field: `messages[${index}].content[${partIndex}].text`, text: part.text });
      });
    });
    return fields;
  }

  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string") fields.push({ field: key, text: value });
  }
  return fields;
}

/**
 * Returns a copy of the row data with `transform` applied to every text value. Image parts, roles and
 * non-string fields are copied unchanged. `transform` receives the same paths as `listTextFields`. When
 * `transform` changes nothing, the original object is returned.
 */
export function mapTextFields(data: RowData, transform: (text: string, field: string) => string): RowData {
  let changed = false;
  const track = (text: string, field: string): string => {
    const result = transform(text, field);
    if (result !== text) changed = true;
    return result;
  };
  const mapped = copyWithTextFields(data, track);
  return changed ? mapped : data;
}

function copyWithTextFields(data: RowData, transform: (text: string, field: string) => string): RowData {
  if (isChatData(data)) {
    const messages = data.messages.map((message, index): ChatMessage => {
      if (typeof message.content === "string") {
        return { ...message, content: transform(message.content, `messages[${index}].content`) };
      }
      const parts = message.content.map((part, partIndex): ChatContentPart => {
        if (part.type !== "text") return part;
        return { ...part, text: transform(part.text, `messages[${index}].content[${partIndex}].text`) };
      });
      return { ...message, content: parts };
    });
    return { ...data, messages };
  }

  const copy: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === "string") copy[key] = transform(value, key);
  }
  return copy as RowData;
}

/** Joins the text parts of a message with newlines. Image parts contribute nothing. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type === "text") texts.push(part.text);
  }
  return texts.join("\n");
}

/** Joins every text value of a row with newlines, for language detection and near-duplicate shingles. */
export function rowText(data: RowData): string {
  return listTextFields(data)
    .map((field) => field.text)
    .join("\n");
}

/** Sums the token counts of a row's text values, so the result does not depend on how the fields are joined. */
export function countRowTokens(data: RowData, countTokens: (text: string) => number): number {
  let total = 0;
  for (const field of listTextFields(data)) total += countTokens(field.text);
  return total;
}
