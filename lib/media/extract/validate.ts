import type { ValidateFunction } from "ajv";
import { AppError } from "@/lib/errors";
import { compileJsonSchema, type SchemaErrorParams } from "@/lib/playground/json-schema";

/**
 * A compiled extraction schema with the top-level property names that validation treats specially:
 * `optional` properties may be null ("not found"), `required` ones may not.
 */
export type ExtractionValidator = { validate: ValidateFunction; required: ReadonlySet<string>; optional: ReadonlySet<string> };

/**
 * Compiles an extraction schema with ajv. Besides being a valid JSON Schema (INVALID_INPUT
 * mediaExtract.invalid_schema with the path inside the schema and ajv's keyword and params), its top level
 * must be an object type with at least one property (mediaExtract.schema_not_object), because each
 * property becomes a column of the results table. Both errors name the request field `schema`.
 */
export function compileExtractionSchema(schema: Record<string, unknown>): ExtractionValidator {
  const validate = compileOrExplain(schema);
  if (schema.type !== "object") {
    throw invalidSchema("mediaExtract.schema_not_object", "/type", "topLevelType", 'the top level must have "type": "object"');
  }

  const properties = schema.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties) || Object.keys(properties).length === 0) {
    throw invalidSchema("mediaExtract.schema_not_object", "/properties", "topLevelProperties", "the top level must list at least one property, because each property becomes a column");
  }

  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === "string") : []);
  const optional = new Set(Object.keys(properties).filter((name) => !required.has(name)));
  return { validate, required, optional };
}

/** Compiles with the shared JSON Schema compiler and restates its error in this API's field and reason. */
function compileOrExplain(schema: Record<string, unknown>): ValidateFunction {
  try {
    return compileJsonSchema(schema);
  } catch (error) {
    if (!(error instanceof AppError) || error.options.reason !== "playground.invalid_schema") throw error;
    const { path, keyword, message, ...schemaParams } = error.options.params ?? {};
    throw invalidSchema("mediaExtract.invalid_schema", String(path ?? "/"), String(keyword ?? "compile"), String(message ?? "is invalid"), schemaParams);
  }
}

/**
 * Builds the INVALID_INPUT error for a rejected schema. `keyword` and `schemaParams` (ajv's, or this
 * module's topLevelType and topLevelProperties) let a client translate the English `message`.
 */
function invalidSchema(reason: string, path: string, keyword: string, message: string, schemaParams: SchemaErrorParams = {}): AppError {
  return new AppError("INVALID_INPUT", `The JSON Schema is invalid at "${path}": ${message}`, {
    reason,
    params: { ...schemaParams, path, keyword, message },
    fieldErrors: { schema: [`${path}: ${message}`] },
  });
}

/** Names of the top-level properties, in the schema's order: the columns of the table and the CSV. */
export function schemaColumns(schema: unknown): string[] {
  const properties = (schema as { properties?: unknown } | null)?.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties)) return [];
  return Object.keys(properties);
}
