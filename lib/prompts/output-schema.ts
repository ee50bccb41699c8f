import Ajv, { type AnySchema, type ErrorObject } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";

/** Longest output schema accepted, as serialised JSON characters. */
export const OUTPUT_SCHEMA_MAX_CHARS = 100_000;

export type SchemaProblem = {
  /** Ajv's message, such as `must be equal to one of the allowed values`. */
  message: string;
  /** JSON Pointer into the user's schema, "" for its root. */
  path: string;
};

const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;
const DRAFT_2019 = /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/**
 * Checks that `schema` is a valid JSON Schema and compiles: first against its draft's meta-schema, then
 * by compiling it in Ajv's strict mode, which also rejects unknown keywords (typos such as `require`)
 * and unresolvable `$ref`s. Draft-07 is assumed without `$schema`; 2019-09 and 2020-12 are supported.
 * Returns null when the schema is usable.
 */
export function findSchemaProblem(schema: unknown): SchemaProblem | null {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return { message: "must be a JSON object", path: "" };
  }
  if (JSON.stringify(schema).length > OUTPUT_SCHEMA_MAX_CHARS) {
    return { message: `must be at most ${OUTPUT_SCHEMA_MAX_CHARS} characters of JSON`, path: "" };
  }

  const declared = (schema as { $schema?: unknown }).$schema;
  const ajv = ajvFor(declared);
  if (!ajv) return { message: `$schema ${JSON.stringify(declared)} is not supported; use draft-07, 2019-09 or 2020-12`, path: "/$schema" };

  if (!ajv.validateSchema(schema as AnySchema)) return problemFromErrors(ajv.errors);

  try {
    ajv.compile(schema as AnySchema);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const keyword = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
    return { message, path: keyword ? (pathOfKey(schema, keyword) ?? "") : "" };
  }
  return null;
}

function ajvFor(declared: unknown) {
  // Strict mode catches unknown keywords; the type, tuple and required checks only warn about style, so they are off.
  const options = { strict: true, strictTypes: false, strictTuples: false, strictRequired: false, logger: false } as const;
  if (declared === undefined || (typeof declared === "string" && DRAFT_07.test(declared))) return new Ajv(options);
  if (typeof declared !== "string") return null;
  if (DRAFT_2020.test(declared)) return new Ajv2020(options);
  if (DRAFT_2019.test(declared)) return new Ajv2019(options);
  return null;
}

function problemFromErrors(errors: ErrorObject[] | null | undefined): SchemaProblem {
  const first = errors?.[0];
  if (!first) return { message: "is not a valid JSON Schema", path: "" };
  const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues;
  const message = allowed ? `${first.message} (${allowed.join(", ")})` : (first.message ?? "is invalid");
  return { message, path: first.instancePath };
}

/** Finds the JSON Pointer of the first object key named `key`, depth first. */
function pathOfKey(value: unknown, key: string, pointer = ""): string | null {
  if (typeof value !== "object" || value === null) return null;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  for (const [name, child] of entries) {
    const childPointer = `${pointer}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (!Array.isArray(value) && name === key) return childPointer;
    const found = pathOfKey(child, key, childPointer);
    if (found !== null) return found;
  }
  return null;
}
