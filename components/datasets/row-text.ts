/** Text of a chat message's content: plain strings as they are, image parts as their URL in brackets. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return valueText(content);
  return content
    .map((part) => {
      const item = part as { type?: string; text?: string; image_url?: { url?: string } };
      if (item.type === "text") return item.text ?? "";
      if (item.type === "image_url") return `[image: ${item.image_url?.url ?? ""}]`;
      return valueText(part);
    })
    .join("\n");
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export type RowField = { name: string; text: string };

/**
 * Flattens a row's `data` for display: chat messages become one field per message named by its role,
 * other types one field per key. Non-object values become a single field named "value".
 */
export function rowFields(data: unknown): RowField[] {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return [{ name: "value", text: valueText(data) }];

  const record = data as Record<string, unknown>;
  if (Array.isArray(record.messages)) {
    return record.messages.map((message, index) => {
      const item = message as { role?: unknown; content?: unknown };
      return { name: `${index + 1}. ${typeof item.role === "string" ? item.role : "?"}`, text: contentText(item.content) };
    });
  }
  return Object.entries(record).map(([name, value]) => ({ name, text: valueText(value) }));
}

/** Flattens a whole row (`{ data, labels, split, ... }` or bare data) into one text for text diffs. */
export function rowAsText(row: unknown): string {
  const value = row as { data?: unknown; labels?: unknown; split?: unknown } | null;
  const hasEnvelope = value !== null && typeof value === "object" && "data" in value;
  const lines = rowFields(hasEnvelope ? value.data : row).map((field) => `${field.name}: ${field.text}`);
  if (hasEnvelope && Array.isArray(value.labels) && value.labels.length > 0) lines.push(`labels: ${value.labels.join(", ")}`);
  if (hasEnvelope && typeof value.split === "string") lines.push(`split: ${value.split}`);
  return lines.join("\n");
}
