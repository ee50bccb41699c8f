import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { estimateCalls, newVariant, selfConsistencySamples, toRequestBody, type ExperimentDraft } from "@/components/experiments/new/form-state";
import { classifyRowError } from "@/components/experiments/row-error";
import { defaultVariantLabel, localiseVariantLabel } from "@/components/experiments/variant-label";
import { statusError, toLlmError } from "@/lib/llm/errors";
import { BlockedAddressError } from "@/lib/net/guarded-fetch";
import enExperiments from "@/messages/en/experiments.json";
import zhExperiments from "@/messages/zh-CN/experiments.json";

const zh = createTranslator({ locale: "zh-CN", messages: { experiments: zhExperiments }, namespace: "experiments" });
const en = createTranslator({ locale: "en", messages: { experiments: enExperiments }, namespace: "experiments" });

describe("row error classification", () => {
  it("reads the status of an HTTP error", () => {
    const error = statusError(500, new Headers(), JSON.stringify({ error: { message: "mock internal failure" } }));
    expect(classifyRowError(error.message)).toEqual({ kind: "upstream_status", httpStatus: 500 });
  });

  it("recognises the messages lib/llm writes", () => {
    const cases: Array<[string, string]> = [
      [statusError(429, new Headers({ "retry-after": "2" }), "").message, "rate_limited"],
      [toLlmError(new Error("aborted"), "timeout", { timeoutMs: 1000 }).message, "timeout"],
      [toLlmError(new Error("aborted"), "cancelled", { timeoutMs: 1000 }).message, "cancelled"],
      [toLlmError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }), null, { timeoutMs: 1000 }).message, "network"],
      [toLlmError(new BlockedAddressError("models.internal", "10.0.0.5", "private_address"), null, { timeoutMs: 1000 }).message, "blocked_address"],
      [toLlmError(new BlockedAddressError("metadata.internal", "169.254.169.254", "metadata_address"), null, { timeoutMs: 1000 }).message, "blocked_address"],
      ["The stream ended before the answer was complete (no finish_reason and no [DONE])", "stream_cut"],
      ["The response body is not valid JSON: <html>", "malformed_response"],
    ];
    for (const [message, kind] of cases) expect(classifyRowError(message)?.kind, message).toBe(kind);
  });

  it("returns null for other failures", () => {
    expect(classifyRowError("Model is disabled")).toBeNull();
    expect(classifyRowError("")).toBeNull();
  });
});

describe("variant labels", () => {
  it("translates strategy ids in server defaults", () => {
    const label = localiseVariantLabel("travel-intent v2 · self_consistency · mock-small", (kind) => zh(`strategies.${kind}`));
    expect(label).toBe("travel-intent v2 · 自洽性 · mock-small");
  });

  it("leaves other labels unchanged", () => {
    expect(localiseVariantLabel("zero_shot baseline", (kind) => zh(`strategies.${kind}`))).toBe("zero_shot baseline");
  });

  it("sends the translated default for unnamed variants", () => {
    const draft = { variants: [newVariant({ promptVersionId: "v1", modelId: "m1", strategyKind: "few_shot" }), newVariant({ label: " mine " })], name: "intent", mapping: {}, scoringMethod: "exact" } as unknown as ExperimentDraft;
    const body = toRequestBody(draft, () => defaultVariantLabel({ templateName: "travel-intent", versionNumber: 2, strategyName: zh("strategies.few_shot"), modelName: "mock-small" }));
    expect(body.variants[0]?.label).toBe("travel-intent v2 · 少样本 · mock-small");
    expect(body.variants[1]?.label).toBe("mine");
  });
});

describe("call estimate", () => {
  const draft = {
    variants: [
      newVariant({ strategyKind: "zero_shot" }),
      newVariant({ strategyKind: "few_shot" }),
      newVariant({ strategyKind: "chain_of_thought" }),
      newVariant({ strategyKind: "self_consistency", samples: 5 }),
    ],
  } as unknown as ExperimentDraft;
  const noVersion = () => undefined;

  it("counts every self-consistency sample", () => {
    expect(estimateCalls(draft, 50, noVersion)).toBe(400);
    expect(selfConsistencySamples(draft, noVersion)).toEqual([5]);
  });

  it("uses the version's own strategy", () => {
    const inherited = { variants: [newVariant({ promptVersionId: "v1" })] } as unknown as ExperimentDraft;
    const strategy = () => ({ kind: "self_consistency", samples: 3 });
    expect(estimateCalls(inherited, 10, strategy)).toBe(30);
    expect(selfConsistencySamples(inherited, strategy)).toEqual([3]);
  });

  it("explains the total in both languages", () => {
    expect(zh("create.estimate", { rows: 50, variants: 4, sampled: 1, samples: "5", calls: 400 })).toBe("50 行 × 4 个变体，其中自洽性变体每行采样 5 次：共 400 次调用");
    expect(en("create.estimate", { rows: 50, variants: 4, sampled: 1, samples: "5", calls: 400 })).toBe(
      "50 rows × 4 variants, where the self-consistency variant samples each row 5 times: 400 calls in total",
    );
    expect(zh("create.estimate", { rows: 1, variants: 1, sampled: 0, samples: "", calls: 1 })).toBe("1 行 × 1 个变体：共 1 次调用");
    expect(en("create.estimate", { rows: 1, variants: 1, sampled: 0, samples: "", calls: 1 })).toBe("1 row × 1 variant: 1 call in total");
  });

  it("names translated message roles", () => {
    expect(zh("result.roles.system")).toBe("系统");
    expect(zh("result.roles.assistant")).toBe("助手");
    expect(zh("rows.latencyValue", { latency: 12 })).toBe("12 毫秒");
  });
});
