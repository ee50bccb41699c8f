import type { DatasetType } from "@/lib/datasets/model";
import { CSV_COLUMNS, csvFields, formatCsvRecord, UTF8_BOM } from "./csv";
import { toAlpacaRecord, toOpenAiRecord, toShareGptRecord } from "./export-records";
import type { TransformRow } from "./types";

export const EXPORT_FORMATS = ["openai", "alpaca", "sharegpt", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Serialises rows for download, one row per `line()`. The file is `header()` followed by the lines.
 * JSONL lines end with LF and CSV records with CRLF. No format adds a split field except CSV, because
 * the export job writes one file per split or one file of all rows.
 */
export type ExportWriter = { header(): string; line(row: TransformRow): string; contentType: string; extension: string };

// Every type maps onto every format: non-chat rows become one user and one assistant turn, and preference
// rows use the preference shapes of OpenAI and LLaMA-Factory.
const SUPPORTED_FORMATS: Record<DatasetType, readonly ExportFormat[]> = {
  chat: EXPORT_FORMATS,
  instruction: EXPORT_FORMATS,
  completion: EXPORT_FORMATS,
  classification: EXPORT_FORMATS,
  preference: EXPORT_FORMATS,
};

/** Lists the export formats a dataset type can be written in. */
export function supportedExportFormats(type: DatasetType): ExportFormat[] {
  return [...SUPPORTED_FORMATS[type]];
}

const JSONL_RECORDS: Record<Exclude<ExportFormat, "csv">, (type: DatasetType, row: TransformRow) => object> = {
  openai: toOpenAiRecord,
  alpaca: toAlpacaRecord,
  sharegpt: toShareGptRecord,
};

export function createExportWriter(type: DatasetType, format: ExportFormat): ExportWriter {
  if (!supportedExportFormats(type).includes(format)) {
    throw new RangeError(`Export format "${format}" is not supported for ${type} datasets.`);
  }
  if (format === "csv") {
    return {
      header: () => UTF8_BOM + formatCsvRecord([...CSV_COLUMNS[type]]),
      line: (row) => formatCsvRecord(csvFields(type, row)),
      contentType: "text/csv; charset=utf-8",
      extension: "csv",
    };
  }

  const toRecord = JSONL_RECORDS[format];
  return {
    header: () => "",
    line: (row) => `${JSON.stringify(toRecord(type, row))}\n`,
    contentType: "application/jsonl; charset=utf-8",
    extension: "jsonl",
  };
}
