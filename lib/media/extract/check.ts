import { validateOutput, type SchemaViolation } from "@/lib/playground/json-schema";
import type { ExtractionValidator } from "./validate";

export type CheckedFields = { status: "valid" | "invalid"; data: Record<string, unknown> | null; errors: SchemaViolation[] };

/** Parses model output as JSON and validates it. Output that is not a JSON object is invalid and keeps no data. */
export function checkAnswer(validator: ExtractionValidator, text: string): CheckedFields {
  const parsed = validateOutput(validator.validate, text);
  if (!isObject(parsed.value)) return { status: parsed.valid ? "valid" : "invalid", data: null, errors: parsed.errors };
  return checkFields(validator, parsed.value);
}

/**
 * Validates an object of fields, from the model or from a person's edit. The extraction prompt requests
 * null for a field the model cannot find, so null means "not found". An optional property that is null is
 * left out of validation, and a required one that is null gets one `required` violation in place of ajv's
 * type or enum errors. The data is returned unchanged, nulls included, so exports show an empty cell.
 * NOTE: only top-level properties (the columns) get this treatment; a null inside a nested object is
 * validated as it is.
 */
export function checkFields(validator: ExtractionValidator, data: Record<string, unknown>): CheckedFields {
  const nullNames = Object.keys(data).filter((name) => data[name] === null);
  const checked = validateOutput(validator.validate, JSON.stringify(withoutOptionalNulls(data, nullNames, validator.optional)));

  const requiredNulls = nullNames.filter((name) => validator.required.has(name));
  const errors = explainRequiredNulls(checked.errors, requiredNulls);
  return { status: errors.length === 0 ? "valid" : "invalid", data, errors };
}

function withoutOptionalNulls(data: Record<string, unknown>, nullNames: string[], optional: ReadonlySet<string>): Record<string, unknown> {
  const copy = { ...data };
  for (const name of nullNames) {
    if (optional.has(name)) delete copy[name];
  }
  return copy;
}

/**
 * Replaces the errors ajv reports on a required property that is null with one violation in ajv's own
 * `required` form (path of the object, params.missingProperty). A schema that allows null for the
 * property reports no error on it, so nothing is added then.
 */
function explainRequiredNulls(errors: SchemaViolation[], requiredNulls: string[]): SchemaViolation[] {
  let remaining = errors;
  const added: SchemaViolation[] = [];
  for (const name of requiredNulls) {
    const pointer = `/${escapePointer(name)}`;
    if (!remaining.some((error) => error.path === pointer)) continue;
    remaining = remaining.filter((error) => error.path !== pointer);
    added.push({ path: "", message: `must have required property '${name}', but its value is null (not found)`, keyword: "required", params: { missingProperty: name } });
  }
  return [...added, ...remaining];
}

/** Escapes a property name as one JSON Pointer token (RFC 6901), as ajv writes instance paths. */
function escapePointer(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
