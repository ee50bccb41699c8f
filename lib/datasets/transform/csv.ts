import type { DatasetType } from "@/lib/datasets/model";
import type { TransformRow } from "./types";

/** Byte order mark that makes Excel and WPS read a CSV file as UTF-8. */
export const UTF8_BOM = "\uFEFF";

/** Quotes a field per RFC 4180 when it contains a comma, double quote, CR or LF. Inner quotes are doubled. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Joins fields into one RFC 4180 record, terminated by CRLF. */
export function formatCsvRecord(fields: string[]): string {
  return `${fields.map(quoteCsvField).join(",")}\r\n`;
}

/** CSV columns per dataset type. Every type ends with `split`. */
export const CSV_COLUMNS: Record<DatasetType, readonly string[]> = {
  chat: ["messages", "split"],
  instruction: ["instruction", "input", "output", "split"],
  completion: ["prompt", "completion", "split"],
  classification: ["text", "label", "split"],
  preference: ["prompt", "chosen", "rejected", "split"],
};

/**
 * Returns the CSV fields of a row in `CSV_COLUMNS` order. Chat messages are one JSON column, classification
 * labels are joined by `|`, and a row without a split has an empty `split` field.
 */
export function csvFields(type: DatasetType, row: TransformRow): string[] {
  const data = row.data as unknown as Record<string, unknown>;
  return CSV_COLUMNS[type].map((column) => {
    if (column === "split") return row.split ?? "";
    if (column === "label") return row.labels.join("|");
    if (column === "messages") return JSON.stringify(data.messages);
    const value = data[column];
    return typeof value === "string" ? value : "";
  });
}
