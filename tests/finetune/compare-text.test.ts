import { describe, expect, it } from "vitest";
import { evaluationLimitsDiffer } from "@/components/finetune/compare/evaluation-limits";
import { gainDatasetName, parseGainDataset } from "@/components/finetune/compare/gain-dataset";

describe("comparison evaluation limits", () => {
  it("flags runs scored on different row counts or generation limits", () => {
    expect(evaluationLimitsDiffer([{ testRows: 30, maxNewTokens: 64 }, { testRows: 30, maxNewTokens: 64 }])).toBe(false);
    expect(evaluationLimitsDiffer([{ testRows: 30, maxNewTokens: 64 }, { testRows: 20, maxNewTokens: 64 }])).toBe(true);
    expect(evaluationLimitsDiffer([{ testRows: 30, maxNewTokens: 64 }, { testRows: 30, maxNewTokens: 16 }])).toBe(true);
    expect(evaluationLimitsDiffer([{ testRows: 30, maxNewTokens: null }])).toBe(false);
  });
});

describe("benchmark dataset description", () => {
  it("reads the numbers bench/finetune_gain.py writes", () => {
    expect(parseGainDataset("banking77 (77 labels; train/validation/test 2156/308/616)")).toEqual({ name: "banking77", labels: 77, train: 2156, validation: 308, test: 616 });
  });

  it("falls back to the name for another form", () => {
    expect(parseGainDataset("crosswoz (5 labels)")).toBeNull();
    expect(gainDatasetName("crosswoz (5 labels)")).toBe("crosswoz");
    expect(gainDatasetName("plain")).toBe("plain");
  });
});
