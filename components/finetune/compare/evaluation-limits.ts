import type { ComparisonEntry } from "@/lib/finetune/compare-data";

/**
 * Checks whether the runs of one table were scored under different limits (test rows, tokens generated per
 * row). Scores from 20 rows and from 200 rows, or from 16 and 64 new tokens, are not like for like.
 */
export function evaluationLimitsDiffer(entries: Pick<ComparisonEntry, "testRows" | "maxNewTokens">[]): boolean {
  const limits = new Set(entries.map((entry) => `${entry.testRows}/${entry.maxNewTokens ?? "-"}`));
  return limits.size > 1;
}
