import type { DatasetType, FieldMapping } from "@/lib/datasets/model";
import type { ImportView } from "../types";

/** The review screen's editable settings, as form values. `tokenLimit` is the input's text; "" means the dataset's limit. */
export type ImportSettings = {
  format: string;
  encoding: string;
  sheet: string;
  type: DatasetType;
  mapping: FieldMapping;
  multiLabel: boolean;
  tokenLimit: string;
  skipInvalid: boolean;
  mode: "replace" | "append";
};

export const ENCODINGS = ["utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be", "big5", "shift_jis"] as const;

export function initialSettings(datasetImport: ImportView): ImportSettings {
  const info = datasetImport.report?.info;
  return {
    format: datasetImport.format ?? info?.format ?? "",
    encoding: datasetImport.encoding ?? info?.encoding ?? "",
    sheet: datasetImport.sheet ?? info?.sheet ?? "",
    type: datasetImport.mapping?.type ?? datasetImport.detectedType ?? datasetImport.report?.detection?.type ?? "chat",
    mapping: { ...(datasetImport.mapping?.fields ?? {}) },
    multiLabel: datasetImport.mapping?.multiLabel ?? false,
    tokenLimit: datasetImport.tokenLimit === null ? "" : String(datasetImport.tokenLimit),
    skipInvalid: datasetImport.skipInvalid,
    mode: datasetImport.mode,
  };
}

/** Parses the token limit input: null for empty, a whole number from 1 to 1,000,000, or undefined when invalid. */
export function parseTokenLimit(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 1 && value <= 1_000_000 ? value : undefined;
}

/**
 * Builds the PATCH body for the settings the user changed; empty when nothing changed. A new type without a
 * hand-edited mapping sends only the type, so the analysis picks the best mapping for that type.
 */
export function changedSettings(initial: ImportSettings, current: ImportSettings, mappingEdited: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (current.format && current.format !== initial.format) body.format = current.format;
  if (current.encoding && current.encoding !== initial.encoding) body.encoding = current.encoding;
  if (current.sheet && current.sheet !== initial.sheet) body.sheet = current.sheet;
  if (current.type !== initial.type) body.type = current.type;
  if (mappingEdited) body.mapping = Object.fromEntries(Object.entries(current.mapping).filter(([, source]) => source !== ""));
  if (current.multiLabel !== initial.multiLabel) body.multiLabel = current.multiLabel;
  if (current.tokenLimit.trim() !== initial.tokenLimit.trim()) body.tokenLimit = parseTokenLimit(current.tokenLimit);
  if (current.skipInvalid !== initial.skipInvalid) body.skipInvalid = current.skipInvalid;
  if (current.mode !== initial.mode) body.mode = current.mode;
  return body;
}

/** Source columns (CSV, TSV, XLSX headers) or, for JSON formats, the keys seen in the first records. */
export function sourceFields(datasetImport: ImportView): string[] {
  const report = datasetImport.report;
  const fields = new Set<string>(report?.info?.columns ?? []);
  for (const record of report?.rawPreview ?? []) {
    if (record.fields && typeof record.fields === "object" && !Array.isArray(record.fields)) {
      for (const key of Object.keys(record.fields)) fields.add(key);
    }
  }
  for (const source of Object.values(datasetImport.mapping?.fields ?? {})) fields.add(source);
  return [...fields];
}

/** Returns a short example of a source field's value from the first record that has it, for the mapping editor. */
export function exampleValue(datasetImport: ImportView, field: string): string | null {
  for (const record of datasetImport.report?.rawPreview ?? []) {
    const fields = record.fields as Record<string, unknown> | null;
    if (!fields || typeof fields !== "object" || !(field in fields)) continue;
    const value = fields[field];
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  }
  return null;
}
