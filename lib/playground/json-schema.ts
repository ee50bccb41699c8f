import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import { AppError } from "@/lib/errors";

/** Largest JSON Schema accepted, in characters of its JSON text. */
export const MAX_SCHEMA_CHARS = 64 * 1024;

/** One way the output fails the schema; `path` is a JSON Pointer into the output ("" is the whole output). */
export type SchemaViolation = { path: string; message: string; keyword: string };

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

function invalidSchema(message: string, path: string): AppError {
  return new AppError("INVALID_INPUT", `The JSON Schema is invalid at "${path || "/"}": ${message}`, {
    reason: "playground.invalid_schema",
    params: { message, path: path || "/" },
    fieldErrors: { jsonSchema: [`${path || "/"}: ${message}`] },
  });
}

/**
 * Checks that `schema` is a valid JSON Schema (draft-07 by default; 2019-09 and 2020-12 when its $schema
 * names them) and compiles it. Throws INVALID_INPUT with ajv's message and the path inside the schema.
 */
export function compileJsonSchema(schema: Record<string, unknown>): ValidateFunction {
  if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS) throw invalidSchema(`the schema is longer than ${MAX_SCHEMA_CHARS} characters`, "");

  const declared = typeof schema.$schema === "string" ? schema.$schema : null;
  const draft = declared ? DRAFTS.find((candidate) => candidate.pattern.test(declared)) : DRAFTS[2];
  if (!draft) throw invalidSchema(`unsupported $schema "${declared}"; use draft-07, 2019-09 or 2020-12`, "/$schema");

  const ajv = draft.create();
  if (!ajv.validateSchema(schema)) {
    const first = (ajv.errors ?? [])[0];
    throw invalidSchema(first?.message ?? "not a JSON Schema", first?.instancePath ?? "");
  }

  try {
    return ajv.compile(schema);
  } catch (error) {
    // Compilation fails for schemas that are well-formed but unusable, such as a $ref that resolves nowhere.
    throw invalidSchema(error instanceof Error ? error.message : String(error), "");
  }
}

/** Removes one surrounding Markdown code fence, which many models put around JSON despite JSON mode. */
function stripCodeFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}

function violationOf(error: ErrorObject): SchemaViolation {
  const detail = error.keyword === "additionalProperties" ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : "";
  return { path: error.instancePath, message: `${error.message ?? "is invalid"}${detail}`, keyword: error.keyword };
}

/** Parses the model's output as JSON and validates it; returns the parsed value when it parses. */
export function validateOutput(validate: ValidateFunction, text: string): { valid: boolean; errors: SchemaViolation[]; value?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(stripCodeFence(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { valid: false, errors: [{ path: "", message: `The output is not valid JSON: ${reason}`, keyword: "json" }] };
  }

  if (validate(value)) return { valid: true, errors: [], value };
  return { valid: false, errors: (validate.errors ?? []).slice(0, 50).map(violationOf), value };
}
