import type { DatasetType, FieldMapping } from "./model";

/** The type and field mapping an import uses: detected first, then as the user corrected them. */
export type ImportMapping = { type: DatasetType; fields: FieldMapping; multiLabel: boolean };

export function readImportMapping(value: unknown): ImportMapping | null {
  if (!value || typeof value !== "object") return null;
  const candidate = value as Partial<ImportMapping>;
  if (!candidate.type || !candidate.fields) return null;
  return { type: candidate.type, fields: candidate.fields, multiLabel: Boolean(candidate.multiLabel) };
}

/** Corrected source records by line, as the review screen saves them. */
export function readFixes(value: unknown): Map<number, Record<string, unknown>> {
  const fixes = new Map<number, Record<string, unknown>>();
  if (!value || typeof value !== "object") return fixes;
  for (const [line, record] of Object.entries(value as Record<string, unknown>)) {
    if (record && typeof record === "object" && !Array.isArray(record)) fixes.set(Number(line), record as Record<string, unknown>);
  }
  return fixes;
}

/** Import states in which a worker owns the import. */
export const RUNNING_IMPORT_STATES = ["analyzing", "importing"] as const;

/** Default token limit per row when neither the import nor the dataset sets one. */
export const DEFAULT_TOKEN_LIMIT = 32_768;

/** Issues kept per import for the report; counts cover all of them. */
export const MAX_STORED_ISSUES = 10_000;
