/** Turns a table cell back into a field value, by the type its schema property declares. */
export function parseCellValue(text: string, property: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;

  const declared = (property as { type?: unknown } | null)?.type;
  const types = Array.isArray(declared) ? declared : [declared];
  if (types.includes("number") || types.includes("integer")) {
    const number = Number(trimmed);
    // Text that is not a number is kept as text, so validation reports the type error instead of losing it.
    return Number.isFinite(number) ? number : trimmed;
  }
  if (types.includes("boolean") && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  if (types.includes("object") || types.includes("array")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return trimmed;
    }
  }
  return text;
}

/** Formats a field value for a table cell. */
export function formatCellValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
