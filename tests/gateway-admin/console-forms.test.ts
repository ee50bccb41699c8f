import { describe, expect, it } from "vitest";
import { formBody, formProblems, initialFormState, targetPercents } from "@/components/gateway/form-state";
import { initialKeyForm, keyFormBody } from "@/components/gateway/key-form";
import type { ApiKeyView } from "@/components/gateway/types";
import { createApiKeyInput, createDeploymentInput } from "@/lib/gateway/admin/schemas";

describe("deployment form", () => {
  it("shows weights as percentages", () => {
    expect(targetPercents([{ modelId: "a", weight: "3" }, { modelId: "b", weight: "1" }])).toEqual([75, 25]);
    expect(targetPercents([{ modelId: "a", weight: "1" }, { modelId: "b", weight: "" }])).toEqual([100, 0]);
    expect(targetPercents([{ modelId: "a", weight: "0" }])).toEqual([0]);
  });

  it("lists problems before sending", () => {
    const state = { ...initialFormState(), name: "prompt:x", targets: [{ modelId: "", weight: "0" }], canaryEnabled: true };

    expect(formProblems(state)).toEqual(["namePrompt", "targetModel", "targetWeight", "canaryModel"]);
    expect(formProblems({ ...state, name: "has space" })).toContain("nameCharacters");
    expect(formProblems({ ...state, name: " " })).toContain("nameRequired");
  });

  it("builds a body the API accepts", () => {
    const state = {
      ...initialFormState(),
      name: "support-chat",
      targets: [{ modelId: "m1", weight: "2" }],
      fallbacks: ["m2", ""],
      canaryEnabled: true,
      canary: { modelId: "m3", percent: "10", maxErrorRatePercent: "5", maxP95Ms: "", minRequests: "30" },
      timeoutSeconds: "1.5",
      fallbackOn: [503, 429],
    };
    const body = formBody(state);
    const parsed = createDeploymentInput.strict().safeParse(body);

    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(body).toMatchObject({ fallbacks: ["m2"], timeoutMs: 1500, fallbackOn: [429, 503], canary: { maxErrorRate: 0.05, maxP95Ms: null, minRequests: 30 } });
  });
});

describe("API key form", () => {
  const existing: ApiKeyView = {
    id: "k1",
    name: "Bot",
    prefix: "lk-abcdefgh",
    status: "active",
    allowedModels: ["gone-deployment", "support-chat"],
    rpmLimit: 60,
    tpmLimit: null,
    monthlyBudget: 100,
    budgetCurrency: "USD",
    monthSpend: [],
    expiresAt: null,
    revokedAt: null,
    cacheEnabled: true,
    storeContent: false,
    fineTuningEnabled: false,
    rotatedFromId: null,
    lastUsedAt: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };

  it("builds a create body the API accepts", () => {
    const body = keyFormBody({ ...initialKeyForm(), name: " Bot ", rpmLimit: "10", monthlyBudget: "" });
    const parsed = createApiKeyInput.strict().safeParse(body);

    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(body).toMatchObject({ name: "Bot", allowedModels: ["*"], rpmLimit: 10, tpmLimit: null, monthlyBudget: null });
  });

  it("leaves unchanged allowed models out of an edit", () => {
    const unchanged = keyFormBody({ ...initialKeyForm(existing), allowed: ["support-chat", "gone-deployment"], rpmLimit: "5" }, existing);
    const changed = keyFormBody({ ...initialKeyForm(existing), allowed: ["support-chat"] }, existing);

    expect(unchanged).not.toHaveProperty("allowedModels");
    expect(unchanged.rpmLimit).toBe(5);
    expect(changed.allowedModels).toEqual(["support-chat"]);
  });
});
