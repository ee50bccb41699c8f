import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import { AppError } from "@/lib/errors";

/** Largest JSON Schema accepted, in characters of its JSON text. */
export const MAX_SCHEMA_CHARS = 64 * 1024;

/** Scalar form of an ajv error's params, so they fit AppError params and the console can format them. */
export type SchemaErrorParams = Record<string, string | number>;

/**
 * One way the output fails the schema; `path` is a JSON Pointer into the output ("" is the whole output).
 * `keyword` and `params` are ajv's, so the console can translate the English `message` ("json" for output
 * that does not parse).
 */
export type SchemaViolation = { path: string; message: string; keyword: string; params: SchemaErrorParams };

// strict: false accepts the annotation keywords models and tools add (examples, x-...). Unknown formats are
// ignored rather than rejected, because ajv-formats is not installed; `logger: false` keeps ajv's warnings
// about them out of the server log.
// NOTE: `format` keywords are not checked, so an output with a malformed email still validates.
const AJV_OPTIONS = { allErrors: true, strict: false, logger: false } as const;

const DRAFTS = [
  { pattern: /draft\/2020-12/, create: () => new Ajv2020(AJV_OPTIONS) },
  { pattern: /draft\/2019-09/, create: () => new Ajv2019(AJV_OPTIONS) },
  { pattern: /draft-07|draft-06/, create: () => new Ajv(AJV_OPTIONS) },
];

/**
 * Flattens ajv params to strings and numbers: arrays (enum values, several types) become a comma-separated
 * list of JSON values, so `["a","b"]` reads `"a", "b"`. Type names and other plain strings stay unquoted.
 */
export function flattenSchemaParams(params: Record<string, unknown>): SchemaErrorParams {
  const flat: SchemaErrorParams = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number" || typeof value === "string") flat[name] = value;
    else if (Array.isArray(value)) flat[name] = value.map((item) => (name === "type" ? String(item) : JSON.stringify(item))).join(", ");
    else flat[name] = JSON.stringify(value) ?? String(value);
  }
  return flat;
}

/**
 * Builds the INVALID_INPUT error for a schema. `keyword` and `schemaParams` name the failed rule, so the
 * console can translate it: an ajv meta-schema keyword, or schemaTooLong, unsupportedDraft, missingRef, compile.
 */
function invalidSchema(message: string, path: string, keyword: string, schemaParams: SchemaErrorParams = {}): AppError {
  return new AppError("INVALID_INPUT", `The JSON Schema is invalid at "${path || "/"}": ${message}`, {
    reason: "playground.invalid_schema",
    params: { ...schemaParams, message, path: path || "/", keyword },
    fieldErrors: { jsonSchema: [`${path || "/"}: ${message}`] },
  });
}

/**
 * Checks that `schema` is a valid JSON Schema (draft-07 by default; 2019-09 and 2020-12 when its $schema
 * names them) and compiles it. Throws INVALID_INPUT with ajv's message and the path inside the schema.
 */
export function compileJsonSchema(schema: Record<string, unknown>): ValidateFunction {
  if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS) {
    throw invalidSchema(`the schema is longer than ${MAX_SCHEMA_CHARS} characters`, "", "schemaTooLong", { limit: MAX_SCHEMA_CHARS });
  }

  const declared = typeof schema.$schema === "string" ? schema.$schema : null;
  const draft = declared ? DRAFTS.find((candidate) => candidate.pattern.test(declared)) : DRAFTS[2];
  if (!draft) throw invalidSchema(`unsupported $schema "${declared}"; use draft-07, 2019-09 or 2020-12`, "/$schema", "unsupportedDraft", { declared: declared ?? "" });

  const ajv = draft.create();
  if (!ajv.validateSchema(schema)) {
    const first = (ajv.errors ?? [])[0];
    if (!first) throw invalidSchema("not a JSON Schema", "", "compile");
    throw invalidSchema(first.message ?? "is invalid", first.instancePath, first.keyword, flattenSchemaParams(first.params));
  }

  try {
    return ajv.compile(schema);
  } catch (error) {
    // Compilation fails for schemas that are well-formed but unusable, such as a $ref that resolves nowhere.
    const message = error instanceof Error ? error.message : String(error);
    const missingRef = (error as { missingRef?: unknown } | null)?.missingRef;
    if (typeof missingRef === "string") throw invalidSchema(message, "", "missingRef", { missingRef });
    throw invalidSchema(message, "", "compile");
  }
}

/** Removes one surrounding Markdown code fence, which many models put around JSON despite JSON mode. */
function stripCodeFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}

function violationOf(error: ErrorObject): SchemaViolation {
  const detail = error.keyword === "additionalProperties" ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : "";
  return { path: error.instancePath, message: `${error.message ?? "is invalid"}${detail}`, keyword: error.keyword, params: flattenSchemaParams(error.params) };
}

/** Parses the model's output as JSON and validates it; returns the parsed value when it parses. */
export function validateOutput(validate: ValidateFunction, text: string): { valid: boolean; errors: SchemaViolation[]; value?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(stripCodeFence(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { valid: false, errors: [{ path: "", message: `The output is not valid JSON: ${reason}`, keyword: "json", params: {} }] };
  }

  if (validate(value)) return { valid: true, errors: [], value };
  return { valid: false, errors: (validate.errors ?? []).slice(0, 50).map(violationOf), value };
}
