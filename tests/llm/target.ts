import type { Capability, ModelTarget } from "@/lib/llm/types";

/** Builds a target for the fake server by hand, with the allow rule an admin adds for its loopback address. */
export function targetFor(baseUrl: string, model: string, overrides: Partial<ModelTarget> = {}): ModelTarget {
  return {
    workspaceId: "workspace-test",
    providerId: "provider-test",
    providerName: "Fake OpenAI",
    providerKind: "openai-compatible",
    modelId: `model-${model}`,
    model,
    displayName: model,
    baseUrl,
    apiKey: null,
    timeoutMs: 5_000,
    rpmLimit: null,
    capabilities: ["chat"] satisfies Capability[],
    prices: { input: 2, output: 8, currency: "USD" },
    policy: { allowRules: ["127.0.0.1"] },
    ...overrides,
  };
}
