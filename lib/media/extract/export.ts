import { formatCsv, type CsvValue } from "@/lib/usage/dashboard-csv";
import type { ResultWithAsset } from "./results";

/** Columns before the schema's own properties. */
const LEADING_COLUMNS = ["asset_id", "file_name", "status"];

/** Converts a field to one CSV cell: numbers stay numbers, objects and arrays become JSON text. */
function cellOf(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function errorsText(errors: unknown): string | null {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.map((error) => `${(error as { path?: string }).path || "/"}: ${(error as { message?: string }).message ?? ""}`).join("; ");
}

/**
 * Builds the CSV of a run: one row per image, one column per schema property, then the validation errors.
 * Formula-looking text is prefixed with an apostrophe and the file starts with a UTF-8 BOM (formatCsv).
 */
export function extractionCsv(columns: string[], results: ResultWithAsset[]): string {
  const header = [...LEADING_COLUMNS, ...columns, "errors"];
  const rows = results.map((result) => {
    const data = (result.data ?? {}) as Record<string, unknown>;
    return [result.assetId, result.asset?.originalName ?? null, result.status, ...columns.map((column) => cellOf(data[column])), errorsText(result.errors)];
  });
  return formatCsv(header, rows);
}

/** Builds the JSON Lines export: one object per image with its fields, status and errors. */
export function extractionJsonl(results: ResultWithAsset[]): string {
  return results
    .map((result) =>
      JSON.stringify({
        assetId: result.assetId,
        fileName: result.asset?.originalName ?? null,
        status: result.status,
        data: result.data ?? null,
        errors: result.errors ?? [],
        edited: result.editedAt !== null,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}
