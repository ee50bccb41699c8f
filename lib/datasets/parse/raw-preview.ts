import { RAW_PREVIEW_CHARS } from "../model";

/** Cuts source text to RAW_PREVIEW_CHARS for `raw`. */
export function cutRaw(text: string): string {
  return text.length > RAW_PREVIEW_CHARS ? text.slice(0, RAW_PREVIEW_CHARS) : text;
}

function quoteCsvValue(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Renders cell values as one RFC 4180 CSV line, the `raw` of formats without source text per row. */
export function formatCsvLine(values: readonly unknown[]): string {
  return cutRaw(values.map((value) => quoteCsvValue(value === undefined ? "" : String(value))).join(","));
}

/** Names the JSON type of a parsed value for messages: "array", "null", "string", "number", ... */
export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
