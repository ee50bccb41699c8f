import { describe, expect, it } from "vitest";
import { guessCapabilities, importDefaults, PROVIDER_KINDS, PROVIDER_PRESETS } from "@/lib/providers/presets";
import { baseUrlProblem } from "@/lib/providers/schemas";

describe("provider presets", () => {
  it("cover every kind", () => {
    expect(Object.keys(PROVIDER_PRESETS).sort()).toEqual([...PROVIDER_KINDS].sort());
    for (const kind of PROVIDER_KINDS) expect(PROVIDER_PRESETS[kind].kind).toBe(kind);
  });

  it("have valid default base URLs without a trailing slash", () => {
    for (const preset of Object.values(PROVIDER_PRESETS)) {
      if (preset.defaultBaseUrl === null) continue;
      expect(baseUrlProblem(preset.defaultBaseUrl), preset.kind).toBeNull();
      expect(preset.defaultBaseUrl.endsWith("/"), preset.kind).toBe(false);
    }
  });

  it("default self-hosted servers to loopback", () => {
    for (const preset of Object.values(PROVIDER_PRESETS).filter((entry) => entry.selfHosted)) {
      expect(preset.defaultBaseUrl, preset.kind).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(preset.keyRequired, preset.kind).toBe(false);
    }
  });

  it("price Chinese clouds in CNY", () => {
    for (const kind of ["dashscope", "deepseek", "zhipu", "moonshot"] as const) expect(PROVIDER_PRESETS[kind].currency, kind).toBe("CNY");
    expect(PROVIDER_PRESETS.openai.currency).toBe("USD");
  });

  it("need keys for hosted clouds only", () => {
    const needKeys = PROVIDER_KINDS.filter((kind) => PROVIDER_PRESETS[kind].keyRequired);
    expect(needKeys.sort()).toEqual(["dashscope", "deepseek", "moonshot", "openai", "zhipu"]);
  });

  it("give no negative prices", () => {
    for (const preset of Object.values(PROVIDER_PRESETS)) {
      for (const model of preset.models) {
        for (const price of [model.inputPrice, model.outputPrice]) if (price !== null) expect(price, model.name).toBeGreaterThanOrEqual(0);
        expect(model.capabilities.length, model.name).toBeGreaterThan(0);
      }
    }
  });
});

describe("guessCapabilities", () => {
  it.each([
    ["Qwen2.5-VL-72B-Instruct", ["chat", "vision"]],
    ["qwen-vl-max", ["chat", "vision"]],
    ["InternVL2-8B", ["chat", "vision"]],
    ["llama-3.2-11b-vision-instruct", ["chat", "vision"]],
    ["llava-v1.6-mistral-7b", ["chat", "vision"]],
    ["text-embedding-v3", ["embeddings"]],
    ["BAAI/bge-m3", ["embeddings"]],
    ["nomic-embed-text", ["embeddings"]],
    ["whisper-large-v3", ["audio"]],
    ["paraformer-asr", ["audio"]],
    ["gpt-4o-audio-preview", ["audio"]],
    ["qwen2.5-7b-instruct", ["chat"]],
    ["deepseek-r1", ["chat"]],
    ["devlin-7b", ["chat"]],
  ])("%s → %j", (id, expected) => {
    expect(guessCapabilities(id)).toEqual(expected);
  });
});

describe("importDefaults", () => {
  it("takes a known model's prices case-insensitively", () => {
    expect(importDefaults("openai", "GPT-4o")).toEqual({ capabilities: ["chat", "vision"], inputPrice: 2.5, outputPrice: 10, contextLength: 128_000, currency: "USD" });
  });

  it("guesses for unknown models and kinds", () => {
    expect(importDefaults("moonshot", "kimi-vl-preview")).toEqual({ capabilities: ["chat", "vision"], inputPrice: null, outputPrice: null, contextLength: null, currency: "CNY" });
    expect(importDefaults("a-kind-from-the-future", "bge-m3").capabilities).toEqual(["embeddings"]);
  });
});
