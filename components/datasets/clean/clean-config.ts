import type { CleanConfig, CleanSummary } from "@/lib/datasets/transform/clean";
import type { PiiKind } from "@/lib/datasets/transform/pii";

export type { CleanConfig, CleanSummary };

export const PII_KIND_ORDER: readonly PiiKind[] = ["mobile", "idCard", "bankCard", "landline", "email"];

/** Form values of the clean config; token bounds are input text, "" meaning no bound. */
export type CleanForm = Omit<CleanConfig, "minTokens" | "maxTokens"> & { minTokens: string; maxTokens: string };

export function toCleanForm(config: CleanConfig): CleanForm {
  return {
    ...config,
    nearDuplicates: { ...config.nearDuplicates },
    scrubPii: { ...config.scrubPii },
    minTokens: config.minTokens === null ? "" : String(config.minTokens),
    maxTokens: config.maxTokens === null ? "" : String(config.maxTokens),
  };
}

export type CleanFormErrors = { minTokens?: "invalid"; maxTokens?: "invalid" | "belowMin"; threshold?: "range" };

function parseBound(text: string, min: number): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min ? value : undefined;
}

/** Validates the form as the API does (cleanConfigInput) and returns the request body, or the errors per field. */
export function toCleanConfig(form: CleanForm): { config: CleanConfig; errors: null } | { config: null; errors: CleanFormErrors } {
  const errors: CleanFormErrors = {};
  const minTokens = parseBound(form.minTokens, 0);
  const maxTokens = parseBound(form.maxTokens, 1);
  if (minTokens === undefined) errors.minTokens = "invalid";
  if (maxTokens === undefined) errors.maxTokens = "invalid";
  if (typeof minTokens === "number" && typeof maxTokens === "number" && minTokens > maxTokens) errors.maxTokens = "belowMin";
  const threshold = form.nearDuplicates.threshold;
  if (form.nearDuplicates.enabled && !(threshold >= 0.5 && threshold <= 1)) errors.threshold = "range";

  if (Object.keys(errors).length > 0 || minTokens === undefined || maxTokens === undefined) return { config: null, errors };
  return { config: { ...form, minTokens, maxTokens }, errors: null };
}

/** One affected row of a clean preview, as the clean_preview task stores it. */
export type CleanPreviewChange = {
  rowKey: string;
  position: number;
  before: unknown;
  action: "drop" | "modify";
  reason?: "exact_duplicate" | "near_duplicate" | "empty" | "too_short" | "too_long";
  duplicateOf?: string;
  similarity?: number;
  changes?: { kind: "whitespace" | "full_width" | "pii"; field: string; before: string; after: string; pii?: PiiKind[] }[];
};

export type CleanPreviewResult = { summary: CleanSummary; changes: CleanPreviewChange[]; config: CleanConfig };
