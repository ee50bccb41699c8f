import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { compileJsonSchema, flattenSchemaParams, MAX_SCHEMA_CHARS, validateOutput } from "@/lib/playground/json-schema";

/** Returns the AppError params that compileJsonSchema throws for `schema`. */
function invalidSchemaParams(schema: Record<string, unknown>): Record<string, string | number> {
  try {
    compileJsonSchema(schema);
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.options.reason).toBe("playground.invalid_schema");
    return error.options.params ?? {};
  }
  throw new Error("compileJsonSchema accepted the schema");
}

describe("flattenSchemaParams", () => {
  it("keeps strings and numbers", () => {
    expect(flattenSchemaParams({ limit: 3, comparison: ">=", missingProperty: "answer" })).toEqual({ limit: 3, comparison: ">=", missingProperty: "answer" });
  });

  it("lists enum values as JSON", () => {
    expect(flattenSchemaParams({ allowedValues: ["a", 1, null] })).toEqual({ allowedValues: '"a", 1, null' });
  });

  it("lists several types unquoted", () => {
    expect(flattenSchemaParams({ type: ["string", "null"] })).toEqual({ type: "string, null" });
  });

  it("writes an object const as JSON", () => {
    expect(flattenSchemaParams({ allowedValue: { a: 1 } })).toEqual({ allowedValue: '{"a":1}' });
  });
});

describe("compileJsonSchema errors", () => {
  it("names the meta-schema keyword", () => {
    const params = invalidSchemaParams({ type: "object", properties: { answer: { type: "strin" } } });
    expect(params.keyword).toBe("enum");
    expect(params.path).toBe("/properties/answer/type");
    expect(params.allowedValues).toContain('"string"');
  });

  it("names a negative minLength", () => {
    const params = invalidSchemaParams({ type: "string", minLength: -1 });
    expect(params.path).toBe("/minLength");
    expect(params.keyword).toBe("minimum");
    expect(params.limit).toBe(0);
  });

  it("names an unresolvable $ref", () => {
    const params = invalidSchemaParams({ $ref: "#/definitions/missing" });
    expect(params.keyword).toBe("missingRef");
    expect(params.missingRef).toBe("#/definitions/missing");
  });

  it("names an unsupported draft", () => {
    const params = invalidSchemaParams({ $schema: "http://json-schema.org/draft-04/schema#" });
    expect(params.keyword).toBe("unsupportedDraft");
    expect(params.declared).toBe("http://json-schema.org/draft-04/schema#");
  });

  it("names an oversized schema", () => {
    const params = invalidSchemaParams({ description: "x".repeat(MAX_SCHEMA_CHARS) });
    expect(params.keyword).toBe("schemaTooLong");
    expect(params.limit).toBe(MAX_SCHEMA_CHARS);
  });
});

describe("validateOutput violations", () => {
  const validate = compileJsonSchema({
    type: "object",
    required: ["answer", "score"],
    properties: { answer: { enum: ["yes", "no"] }, score: { type: "string" }, n: { exclusiveMinimum: 3 }, tags: { maxItems: 1 } },
    additionalProperties: false,
  });

  it("sends keyword and params per violation", () => {
    const { valid, errors } = validateOutput(validate, JSON.stringify({ answer: "maybe", score: 1, n: 3, tags: [1, 2], extra: true }));
    expect(valid).toBe(false);
    expect(errors).toContainEqual(expect.objectContaining({ path: "/answer", keyword: "enum", params: { allowedValues: '"yes", "no"' } }));
    expect(errors).toContainEqual(expect.objectContaining({ path: "/score", keyword: "type", params: { type: "string" } }));
    expect(errors).toContainEqual(expect.objectContaining({ path: "/n", keyword: "exclusiveMinimum", params: { comparison: ">", limit: 3 } }));
    expect(errors).toContainEqual(expect.objectContaining({ path: "/tags", keyword: "maxItems", params: { limit: 1 } }));
    expect(errors).toContainEqual(expect.objectContaining({ path: "", keyword: "additionalProperties", params: { additionalProperty: "extra" } }));
  });

  it("names a missing property", () => {
    const { errors } = validateOutput(validate, JSON.stringify({ answer: "yes" }));
    expect(errors).toEqual([expect.objectContaining({ path: "", keyword: "required", params: { missingProperty: "score" } })]);
  });

  it("reports output that is not JSON", () => {
    const { errors } = validateOutput(validate, "not json");
    expect(errors).toEqual([expect.objectContaining({ path: "", keyword: "json", params: {} })]);
  });
});
