import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { checkAnswer, checkFields } from "@/lib/media/extract/check";
import { compileExtractionSchema } from "@/lib/media/extract/validate";

const validator = compileExtractionSchema({
  type: "object",
  properties: {
    brand: { type: "string", enum: ["Luodi", "雪花"] },
    model: { type: "string" },
    "size/cm": { type: "number" },
    colour: { type: ["string", "null"] },
    price: { type: "number", minimum: 0 },
  },
  required: ["brand", "colour"],
  additionalProperties: false,
});

function rejection(schema: Record<string, unknown>): AppError {
  try {
    compileExtractionSchema(schema);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`schema was accepted: ${JSON.stringify(schema)}`);
}

describe("checkFields null handling", () => {
  it("accepts null optional fields", () => {
    const checked = checkFields(validator, { brand: "Luodi", colour: "red", model: null, "size/cm": null, price: null });
    expect(checked.status).toBe("valid");
    expect(checked.errors).toEqual([]);
    expect(checked.data).toEqual({ brand: "Luodi", colour: "red", model: null, "size/cm": null, price: null });
  });

  it("reports a null required field once", () => {
    const checked = checkFields(validator, { brand: null, colour: "red" });
    expect(checked.status).toBe("invalid");
    expect(checked.errors).toHaveLength(1);
    expect(checked.errors[0]?.keyword).toBe("required");
    expect(checked.errors[0]?.path).toBe("");
    expect(checked.errors[0]?.params).toEqual({ missingProperty: "brand" });
  });

  it("keeps null where the schema allows it", () => {
    expect(checkFields(validator, { brand: "Luodi", colour: null }).status).toBe("valid");
  });

  it("still rejects a missing required field", () => {
    const checked = checkFields(validator, { colour: "red" });
    expect(checked.errors.map((error) => [error.keyword, error.params.missingProperty])).toEqual([["required", "brand"]]);
  });

  it("still rejects a wrong optional value", () => {
    const checked = checkFields(validator, { brand: "Luodi", colour: "red", price: -1, model: 5 });
    expect(checked.errors.map((error) => `${error.path} ${error.keyword}`).sort()).toEqual(["/model type", "/price minimum"]);
  });

  it("still rejects an undeclared null property", () => {
    const checked = checkFields(validator, { brand: "Luodi", colour: "red", extra: null });
    expect(checked.errors.map((error) => error.keyword)).toEqual(["additionalProperties"]);
  });
});

describe("checkAnswer", () => {
  it("treats null from the model as not found", () => {
    const checked = checkAnswer(validator, '```json\n{"brand":"雪花","colour":"white","model":null}\n```');
    expect(checked.status).toBe("valid");
    expect(checked.data?.model).toBeNull();
  });

  it("rejects an answer that is not an object", () => {
    const checked = checkAnswer(validator, "null");
    expect(checked.status).toBe("invalid");
    expect(checked.data).toBeNull();
    expect(checked.errors[0]?.keyword).toBe("type");
  });

  it("rejects text that is not JSON", () => {
    const checked = checkAnswer(validator, "no fields here");
    expect(checked.errors.map((error) => error.keyword)).toEqual(["json"]);
  });
});

describe("compileExtractionSchema errors", () => {
  it("names the schema field and reason", () => {
    const cases = [
      { schema: { type: "array" }, reason: "mediaExtract.schema_not_object", keyword: "topLevelType", path: "/type" },
      { schema: { type: "object" }, reason: "mediaExtract.schema_not_object", keyword: "topLevelProperties", path: "/properties" },
      { schema: { type: "object", properties: { brand: { type: "nonsense" } } }, reason: "mediaExtract.invalid_schema", keyword: "enum", path: "/properties/brand/type" },
    ];
    for (const entry of cases) {
      const error = rejection(entry.schema);
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.options.reason).toBe(entry.reason);
      expect(error.options.params?.keyword).toBe(entry.keyword);
      expect(error.options.params?.path).toBe(entry.path);
      expect(Object.keys(error.options.fieldErrors ?? {})).toEqual(["schema"]);
    }
  });
});
