import type { ValidateFunction } from "ajv";
import { AppError } from "@/lib/errors";
import { compileJsonSchema, validateOutput, type SchemaViolation } from "@/lib/playground/json-schema";

/**
 * Compiles an extraction schema with ajv. Besides being a valid JSON Schema (INVALID_INPUT
 * playground.invalid_schema with the path inside the schema), its top level must be an object type with
 * at least one property, because each property becomes a column of the results table.
 */
export function compileExtractionSchema(schema: Record<string, unknown>): ValidateFunction {
  const validate = compileJsonSchema(schema);
  if (schema.type !== "object") throw notAnObject("/type", 'the top level must have "type": "object"');

  const properties = schema.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties) || Object.keys(properties).length === 0) {
    throw notAnObject("/properties", "the top level must list at least one property; each property becomes a column");
  }
  return validate;
}

function notAnObject(path: string, message: string): AppError {
  return new AppError("INVALID_INPUT", `The JSON Schema is invalid at "${path}": ${message}`, {
    reason: "mediaExtract.schema_not_object",
    params: { path, message },
    fieldErrors: { schema: [`${path}: ${message}`] },
  });
}

/** Names of the top-level properties, in the schema's order: the columns of the table and the CSV. */
export function schemaColumns(schema: unknown): string[] {
  const properties = (schema as { properties?: unknown } | null)?.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties)) return [];
  return Object.keys(properties);
}

export type CheckedFields = { status: "valid" | "invalid"; data: Record<string, unknown> | null; errors: SchemaViolation[] };

/** Parses model output as JSON and validates it. Output that is not a JSON object is invalid and keeps no data. */
export function checkAnswer(validate: ValidateFunction, text: string): CheckedFields {
  const checked = validateOutput(validate, text);
  const data = isObject(checked.value) ? checked.value : null;
  return { status: checked.valid ? "valid" : "invalid", data, errors: checked.errors };
}

/** Validates fields a person edited. */
export function checkFields(validate: ValidateFunction, data: Record<string, unknown>): CheckedFields {
  return checkAnswer(validate, JSON.stringify(data));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
