import type { FieldMapping, RowIssue } from "@/lib/datasets/model";

/** Reading source fields through a mapping, and coercing cell values to text. */

/** Normalizes a field name for comparison: case, surrounding spaces and `-`/space versus `_` do not matter. */
export function normalizeFieldName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** Finds the key of `fields` that matches `name`, exactly first and then by normalized name. */
export function findSourceKey(fields: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(fields, name)) {
    return name;
  }
  const target = normalizeFieldName(name);
  return Object.keys(fields).find((key) => normalizeFieldName(key) === target);
}

/** Reads the source field mapped to `canonical`, or returns undefined when it is unmapped or absent. */
export function readMappedValue(fields: Record<string, unknown>, mapping: FieldMapping, canonical: string): unknown {
  const source = mapping[canonical];
  if (source === undefined) {
    return undefined;
  }
  const key = findSourceKey(fields, source);
  return key === undefined ? undefined : fields[key];
}

export type TextValue = { ok: true; text: string } | { ok: false; reason: "missing" | "wrong_type" };

/**
 * Coerces a cell value to text. Numbers and booleans become strings because spreadsheets store "42" and
 * TRUE as typed cells. Objects and arrays are wrong types, and null and undefined are missing.
 */
export function coerceToText(value: unknown): TextValue {
  if (value === null || value === undefined) {
    return { ok: false, reason: "missing" };
  }
  if (typeof value === "string") {
    return { ok: true, text: value };
  }
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean" || typeof value === "bigint") {
    return { ok: true, text: String(value) };
  }
  return { ok: false, reason: "wrong_type" };
}

export function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a canonical text field and reports missing_field, wrong_type or empty_content on `field`. An
 * optional field that is absent or blank reads as "" without an issue.
 */
export function readTextField(value: unknown, field: string, optional: boolean, issues: RowIssue[]): string {
  const coerced = coerceToText(value);
  if (!coerced.ok) {
    if (coerced.reason === "wrong_type") {
      issues.push({ code: "wrong_type", field, params: { expected: "string", found: describeType(value) } });
    } else if (!optional) {
      issues.push({ code: "missing_field", field });
    }
    return "";
  }
  if (!optional && isBlank(coerced.text)) {
    issues.push({ code: "empty_content", field });
  }
  return coerced.text;
}

/** Returns the JSON type name of a value: string, number, boolean, object, array or null. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "array";
  }
  if (typeof value === "bigint") {
    return "number";
  }
  return typeof value === "object" ? "object" : typeof value;
}

/**
 * Parses a string cell that contains a JSON array, because CSV and XLSX files store lists as text. Any other
 * value, and a string that is not a valid JSON array, is returned unchanged.
 */
export function parseJsonArrayCell(value: unknown): unknown {
  if (typeof value !== "string" || !value.trimStart().startsWith("[")) {
    return value;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}
