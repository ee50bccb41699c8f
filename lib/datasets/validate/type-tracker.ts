import type { RowIssue } from "@/lib/datasets/model";
import { describeType } from "./fields";

/** Detection of source fields whose JSON type changes from one record to the next. */

/** The JSON type first seen, with the type a string value reads as (number, boolean or string). */
type FirstSeen = { kind: string; readsAs: string; line: number };

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i;
const BOOLEAN_TEXT = /^\s*(true|false)\s*$/i;

/**
 * Creates a tracker that stores the JSON type first seen for each source field and reports mixed_types
 * for a later record where the type differs. Null, absent and blank values are not compared. A number
 * and a numeric string, or a boolean and "true"/"false", count as the same type because CSV stores all
 * cells as text while XLSX keeps numbers and booleans typed.
 */
export function createTypeTracker(): { observe(fields: Record<string, unknown>, line: number): RowIssue[] } {
  const firstSeen = new Map<string, FirstSeen>();

  function observe(fields: Record<string, unknown>, line: number): RowIssue[] {
    const issues: RowIssue[] = [];
    for (const [field, value] of Object.entries(fields)) {
      if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
        continue;
      }
      const kind = describeType(value);
      const readsAs = describeTextType(value);
      const expected = firstSeen.get(field);
      if (expected === undefined) {
        firstSeen.set(field, { kind, readsAs, line });
        continue;
      }
      const compatible = expected.kind === kind || expected.readsAs === readsAs;
      if (!compatible) {
        issues.push({
          code: "mixed_types",
          field,
          params: { field, expected: expected.kind, found: kind, firstLine: expected.line },
        });
      }
    }
    return issues;
  }

  return { observe };
}

/** Returns the type a value reads as when typed cells are written as text: "1" is a number, "true" a boolean. */
function describeTextType(value: unknown): string {
  if (typeof value === "string") {
    if (NUMERIC_TEXT.test(value)) {
      return "number";
    }
    if (BOOLEAN_TEXT.test(value)) {
      return "boolean";
    }
  }
  return describeType(value);
}
