import type { RowIssue } from "@/lib/datasets/model";
import { coerceToText, describeType, isBlank, parseJsonArrayCell } from "./fields";

/** Normalization of classification labels to a list of trimmed strings. */

export type LabelNormalization = { labels: string[]; issues: RowIssue[] };

// A multi-label cell from CSV or XLSX lists its labels with one of these separators.
const LABEL_SEPARATOR = /[|;]/;

/**
 * Normalizes a label value and checks it against the label set. An array, or a JSON array in a text cell,
 * gives one label per element. In multi-label mode a string is split at `|` or `;`. In single-label mode a
 * string stays one label, and more than one label is a wrong_type. Labels are trimmed, and blanks and
 * duplicates are dropped.
 */
export function normalizeLabels(value: unknown, multiLabel: boolean, labelSet: readonly string[]): LabelNormalization {
  const issues: RowIssue[] = [];
  const labels = readLabels(value, multiLabel, issues);

  if (labels === null) {
    return { labels: [], issues };
  }
  if (labels.length === 0) {
    issues.push({ code: "label_missing", field: "label" });
    return { labels, issues };
  }
  if (!multiLabel && labels.length > 1) {
    issues.push({ code: "wrong_type", field: "label", params: { expected: "one label", found: labels.length } });
  }

  if (labelSet.length > 0) {
    const allowed = new Set(labelSet);
    for (const label of labels) {
      if (!allowed.has(label)) {
        issues.push({ code: "label_not_in_set", field: "label", params: { label } });
      }
    }
  }
  return { labels, issues };
}

/** Reads the label strings, or returns null after reporting a wrong type. */
function readLabels(value: unknown, multiLabel: boolean, issues: RowIssue[]): string[] | null {
  const parsed = parseJsonArrayCell(value);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const labels: string[] = [];

  for (const item of items) {
    const text = coerceToText(item);
    if (!text.ok) {
      if (text.reason === "wrong_type") {
        issues.push({ code: "wrong_type", field: "label", params: { expected: "string", found: describeType(item) } });
        return null;
      }
      continue;
    }
    const pieces = multiLabel && !Array.isArray(parsed) ? text.text.split(LABEL_SEPARATOR) : [text.text];
    for (const piece of pieces) {
      const label = piece.trim();
      if (!isBlank(label) && !labels.includes(label)) {
        labels.push(label);
      }
    }
  }
  return labels;
}
