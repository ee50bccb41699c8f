import { describe, expect, it } from "vitest";
import { createExperimentInput, scoringSchema, type Scoring } from "@/lib/experiments/schemas";
import { isMatch, normaliseText, parseJsonLoosely, readJsonField, scoredValue, voteKey } from "@/lib/experiments/scoring";

const exact: Scoring = { method: "exact" };
const normalised: Scoring = { method: "normalised" };

describe("normaliseText", () => {
  it("folds full-width forms, case and punctuation", () => {
    expect(normaliseText("  Ｉｎｆｏｒｍ－酒店。 ")).toBe("inform酒店");
    expect(normaliseText("Inform-酒店")).toBe("inform酒店");
    expect(normaliseText("General-THANK!")).toBe("generalthank");
  });

  it("collapses whitespace runs", () => {
    expect(normaliseText("a \n\t b")).toBe("a b");
  });
});

describe("exact and normalised scoring", () => {
  it("exact compares after trimming only", () => {
    expect(isMatch(exact, " Inform-酒店\n", "Inform-酒店")).toBe(true);
    expect(isMatch(exact, "inform-酒店", "Inform-酒店")).toBe(false);
  });

  it("normalised forgives case, width and punctuation", () => {
    expect(isMatch(normalised, "ｉｎｆｏｒｍ－酒店。", "Inform-酒店")).toBe(true);
    expect(isMatch(normalised, "Request-酒店", "Inform-酒店")).toBe(false);
  });

  it("a missing answer never matches", () => {
    expect(isMatch(normalised, null, "x")).toBe(false);
    expect(isMatch(normalised, "x", null)).toBe(false);
  });

  it("scores the extracted answer, not the raw output", () => {
    expect(scoredValue(normalised, "Thinking... Answer: A", "A")).toBe("A");
    expect(scoredValue(exact, "no answer here", null)).toBeNull();
  });
});

describe("json_field scoring", () => {
  const scoring = scoringSchema.parse({ method: "json_field", path: "result.intent" });

  it("reads a nested field from the answer", () => {
    expect(scoredValue(scoring, "", '{"result":{"intent":"Inform-酒店"}}')).toBe("Inform-酒店");
  });

  it("finds JSON inside a fenced block or prose", () => {
    expect(scoredValue(scoring, "", 'Here: ```json\n{"result":{"intent":"x"}}\n```')).toBe("x");
    expect(scoredValue(scoring, "", 'The JSON is {"result":{"intent":"y"}} as asked')).toBe("y");
  });

  it("falls back to the output when the answer has no JSON", () => {
    expect(scoredValue(scoring, '{"result":{"intent":"z"}}', "z")).toBe("z");
  });

  it("indexes arrays and stringifies non-strings", () => {
    expect(readJsonField('{"labels":["a","b"]}', "labels.1")).toBe("b");
    expect(readJsonField('{"n":3}', "n")).toBe("3");
    expect(readJsonField('{"o":{"k":1}}', "o")).toBe('{"k":1}');
  });

  it("returns null for a missing path or broken JSON", () => {
    expect(readJsonField('{"a":1}', "b.c")).toBeNull();
    expect(readJsonField("{not json", "a")).toBeNull();
    expect(parseJsonLoosely("plain")).toBeUndefined();
  });

  it("normalises the compared value by default", () => {
    expect(isMatch(scoring, "ＩＮＦＯＲＭ-酒店", "Inform-酒店")).toBe(true);
    const strict = scoringSchema.parse({ method: "json_field", path: "a", normalise: false });
    expect(isMatch(strict, "inform-酒店", "Inform-酒店")).toBe(false);
  });
});

describe("regex scoring", () => {
  const scoring = scoringSchema.parse({ method: "regex", pattern: "意图[:：]\\s*(\\S+)" });

  it("compares the first capture group of the output", () => {
    expect(scoredValue(scoring, "分析……\n意图：Inform-酒店", null)).toBe("Inform-酒店");
    expect(scoredValue(scoring, "没有结论", "x")).toBeNull();
  });

  it("rejects patterns without a group or that do not compile", () => {
    expect(scoringSchema.safeParse({ method: "regex", pattern: "Answer: .+" }).success).toBe(false);
    expect(scoringSchema.safeParse({ method: "regex", pattern: "(unclosed" }).success).toBe(false);
    expect(scoringSchema.safeParse({ method: "regex", pattern: "(?:a)(b)" }).success).toBe(true);
  });
});

describe("vote keys", () => {
  it("groups answers the way the method compares them", () => {
    expect(voteKey(normalised, "Inform-酒店")).toBe(voteKey(normalised, "ｉｎｆｏｒｍ－酒店。"));
    expect(voteKey(exact, "A")).not.toBe(voteKey(exact, "a"));
  });
});

describe("create input", () => {
  const base = { name: "x", datasetVersionId: "v", variants: [{ promptVersionId: "p", modelId: "m" }] };

  it("applies defaults", () => {
    const parsed = createExperimentInput.parse(base);
    expect(parsed).toMatchObject({ split: "all", rowLimit: 50, concurrency: 4, scoring: { method: "normalised" }, mapping: {} });
  });

  it("bounds variants and concurrency", () => {
    const many = Array.from({ length: 17 }, () => ({ promptVersionId: "p", modelId: "m" }));
    expect(createExperimentInput.safeParse({ ...base, variants: many }).success).toBe(false);
    expect(createExperimentInput.safeParse({ ...base, variants: [] }).success).toBe(false);
    expect(createExperimentInput.safeParse({ ...base, concurrency: 0 }).success).toBe(false);
    expect(createExperimentInput.safeParse({ ...base, concurrency: 17 }).success).toBe(false);
  });
});
