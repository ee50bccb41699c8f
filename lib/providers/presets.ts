import type { Capability, Currency } from "@/lib/llm/types";

/*
 * Provider presets: the defaults the "Add provider" form fills in and the model metadata an import starts
 * from. Everything a preset sets stays editable on the provider and on each imported model. This module is
 * plain data, so the browser imports it too.
 */

export const PROVIDER_KINDS = [
  "openai-compatible",
  "vllm",
  "sglang",
  "ollama",
  "llamacpp",
  "lmstudio",
  "openai",
  "dashscope",
  "deepseek",
  "zhipu",
  "moonshot",
  "local",
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** The kind of Luodi's own runtime: Luodi starts its server on loopback, so it has no base URL to enter. */
export const LOCAL_KIND = "local" satisfies ProviderKind;

/** A model listed by a preset. Prices are per million tokens in the preset's currency; null means unknown. */
export type ModelPreset = {
  name: string;
  capabilities: Capability[];
  inputPrice: number | null;
  outputPrice: number | null;
  contextLength: number | null;
};

export type ProviderPreset = {
  kind: ProviderKind;
  /** Base URL ending in the API version path; null when the admin must enter it (or, for local, never). */
  defaultBaseUrl: string | null;
  keyRequired: boolean;
  /** Runs on the admin's own machines, usually on loopback or a private network, so it needs an allow rule. */
  selfHosted: boolean;
  currency: Currency;
  models: ModelPreset[];
};

const chat: Capability[] = ["chat"];
const chatVision: Capability[] = ["chat", "vision"];
const embeddings: Capability[] = ["embeddings"];

function model(name: string, capabilities: Capability[], prices: [number | null, number | null] = [null, null], contextLength: number | null = null): ModelPreset {
  return { name, capabilities, inputPrice: prices[0], outputPrice: prices[1], contextLength };
}

function selfHosted(kind: ProviderKind, defaultBaseUrl: string | null): ProviderPreset {
  return { kind, defaultBaseUrl, keyRequired: false, selfHosted: true, currency: "CNY", models: [] };
}

// NOTE: the prices below are the providers' published list prices per million tokens as of early 2025,
// entered without a live check. Prices that changed often or depend on tiers (DeepSeek, DashScope, Zhipu)
// are left null. Admins edit them to match their contract.
export const PROVIDER_PRESETS: Record<ProviderKind, ProviderPreset> = {
  "openai-compatible": { kind: "openai-compatible", defaultBaseUrl: null, keyRequired: false, selfHosted: false, currency: "USD", models: [] },
  vllm: selfHosted("vllm", "http://127.0.0.1:8000/v1"),
  sglang: selfHosted("sglang", "http://127.0.0.1:30000/v1"),
  ollama: selfHosted("ollama", "http://127.0.0.1:11434/v1"),
  llamacpp: selfHosted("llamacpp", "http://127.0.0.1:8080/v1"),
  lmstudio: selfHosted("lmstudio", "http://127.0.0.1:1234/v1"),
  openai: {
    kind: "openai",
    defaultBaseUrl: "https://api.openai.com/v1",
    keyRequired: true,
    selfHosted: false,
    currency: "USD",
    models: [
      model("gpt-4o", chatVision, [2.5, 10], 128_000),
      model("gpt-4o-mini", chatVision, [0.15, 0.6], 128_000),
      model("gpt-4.1", chatVision, [2, 8]),
      model("gpt-4.1-mini", chatVision, [0.4, 1.6]),
      model("text-embedding-3-small", embeddings, [0.02, null]),
      model("text-embedding-3-large", embeddings, [0.13, null]),
      // Priced per minute of audio, not per token.
      model("whisper-1", ["audio"]),
    ],
  },
  dashscope: {
    kind: "dashscope",
    defaultBaseUrl: "https://dashscope.aliyuncs.com/compatible-mode/v1",
    keyRequired: true,
    selfHosted: false,
    currency: "CNY",
    models: [
      model("qwen-max", chat),
      model("qwen-plus", chat),
      model("qwen-turbo", chat),
      model("qwen-vl-max", chatVision),
      model("qwen-vl-plus", chatVision),
      model("text-embedding-v3", embeddings),
    ],
  },
  deepseek: {
    kind: "deepseek",
    defaultBaseUrl: "https://api.deepseek.com/v1",
    keyRequired: true,
    selfHosted: false,
    currency: "CNY",
    models: [model("deepseek-chat", chat), model("deepseek-reasoner", chat)],
  },
  zhipu: {
    kind: "zhipu",
    defaultBaseUrl: "https://open.bigmodel.cn/api/paas/v4",
    keyRequired: true,
    selfHosted: false,
    currency: "CNY",
    models: [model("glm-4-plus", chat), model("glm-4-flash", chat), model("glm-4v-plus", chatVision), model("embedding-3", embeddings)],
  },
  moonshot: {
    kind: "moonshot",
    defaultBaseUrl: "https://api.moonshot.cn/v1",
    keyRequired: true,
    selfHosted: false,
    currency: "CNY",
    models: [
      model("moonshot-v1-8k", chat, [12, 12], 8_192),
      model("moonshot-v1-32k", chat, [24, 24], 32_768),
      model("moonshot-v1-128k", chat, [60, 60], 131_072),
    ],
  },
  local: { kind: "local", defaultBaseUrl: null, keyRequired: false, selfHosted: false, currency: "CNY", models: [] },
};

export function isProviderKind(value: string): value is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(value);
}

/** Returns the preset of a stored provider kind. Unknown kinds (written by a newer version) fall back to the generic one. */
export function presetOf(kind: string): ProviderPreset {
  return isProviderKind(kind) ? PROVIDER_PRESETS[kind] : PROVIDER_PRESETS["openai-compatible"];
}

/** Finds the preset's entry for a model id, matched case-insensitively. */
export function knownModel(kind: string, name: string): ModelPreset | undefined {
  const lowered = name.toLowerCase();
  return presetOf(kind).models.find((candidate) => candidate.name.toLowerCase() === lowered);
}

/**
 * Guesses what a model can do from its id: "vl"/"vision"/"llava" → chat and vision, "embed"/"bge" →
 * embeddings, "whisper"/"asr"/"audio"/"tts" → audio, anything else → chat. Admins correct the guess.
 */
export function guessCapabilities(name: string): Capability[] {
  const id = name.toLowerCase();
  if (/embed|(^|[^a-z])bge([^a-z]|$)/.test(id)) return ["embeddings"];
  if (/whisper|(^|[^a-z])asr([^a-z]|$)|audio|(^|[^a-z])tts([^a-z]|$)/.test(id)) return ["audio"];
  if (/vl([^a-z]|$)|vision|llava/.test(id)) return ["chat", "vision"];
  return ["chat"];
}

/** Returns capabilities and prices for a newly imported model: the preset's entry when it lists the id, else a guess without prices. */
export function importDefaults(kind: string, name: string): Omit<ModelPreset, "name"> & { currency: Currency } {
  const known = knownModel(kind, name);
  const currency = presetOf(kind).currency;
  if (known) return { capabilities: known.capabilities, inputPrice: known.inputPrice, outputPrice: known.outputPrice, contextLength: known.contextLength, currency };
  return { capabilities: guessCapabilities(name), inputPrice: null, outputPrice: null, contextLength: null, currency };
}
