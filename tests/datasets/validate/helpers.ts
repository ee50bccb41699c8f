import type { DatasetType, FieldMapping, RowIssue } from "@/lib/datasets/model";
import type { NormalizeResult, NormalizedRow, ValidationContext } from "@/lib/datasets/validate";

/** Builds a validation context with permissive defaults, overridden per test. */
export function contextFor(type: DatasetType, mapping: FieldMapping, overrides: Partial<ValidationContext> = {}): ValidationContext {
  return { type, mapping, labelSet: [], multiLabel: false, tokenLimit: null, ...overrides };
}

/** Returns the row of a valid result and throws with the issues of an invalid one. */
export function rowOf(result: NormalizeResult): NormalizedRow {
  if (!result.ok) {
    throw new Error(`Expected a valid row, but it has issues: ${JSON.stringify(result.issues)}`);
  }
  return result.row;
}

/** Returns the issues of an invalid result and throws for a valid one. */
export function issuesOf(result: NormalizeResult): RowIssue[] {
  if (result.ok) {
    throw new Error(`Expected issues, but the row is valid: ${JSON.stringify(result.row.data)}`);
  }
  return result.issues;
}
