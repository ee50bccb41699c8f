import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteRuleExport, PATCH as updateRuleExport } from "@/app/api/v1/network-allow-rules/[ruleId]/route";
import { GET as listRulesExport, POST as createRuleExport } from "@/app/api/v1/network-allow-rules/route";
import { DELETE as deleteModelExport, PATCH as updateModelExport } from "@/app/api/v1/provider-models/[modelId]/route";
import { GET as listUsableExport } from "@/app/api/v1/provider-models/route";
import { GET as listModelsExport, POST as importExport } from "@/app/api/v1/providers/[providerId]/models/route";
import { GET as remoteModelsExport } from "@/app/api/v1/providers/[providerId]/remote-models/route";
import { DELETE as deleteProviderExport, GET as getProviderExport, PATCH as updateProviderExport } from "@/app/api/v1/providers/[providerId]/route";
import { POST as testExport } from "@/app/api/v1/providers/[providerId]/test/route";
import { GET as presetsExport } from "@/app/api/v1/providers/presets/route";
import { GET as listProvidersExport, POST as createProviderExport } from "@/app/api/v1/providers/route";
import type { RouteHandler } from "@/lib/api/route";
import { createMember } from "../api/fixtures";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { startProvidersHarness, type ProvidersHarness } from "./harness";

const API_KEY = "sk-api-test-abcdefghijklmnop";
const NEW_KEY = "sk-api-rotated-qrstuvwxyz0123";

type ProviderView = { id: string; name: string; hasApiKey: boolean; apiKeyHint: string | null; baseUrl: string; lastCheck: { ok: boolean; reason: string } | null; modelCount: number | null };
type ModelView = { id: string; name: string; capabilities: string[]; inputPrice: number | null; outputPrice: number | null; currency: string; displayName: string; enabled: boolean };
type RuleView = { id: string; pattern: string; note: string };

let harness: ProvidersHarness;
let fake: FakeOpenAi;
let adminToken: string;
let provider: ProviderView;
let models: ModelView[];

beforeAll(async () => {
  harness = await startProvidersHarness();
  adminToken = harness.seed.admin.token;
  fake = await startFakeOpenAi({ apiKey: API_KEY, models: ["qwen2.5-7b-instruct", "qwen2-vl-7b", "bge-large-zh"] });

  await harness.call(createRuleExport, "/network-allow-rules", { token: adminToken, body: { pattern: "127.0.0.1", note: "fake provider" } });
  provider = await harness.call<ProviderView>(createProviderExport, "/providers", {
    token: adminToken,
    body: { name: "Lab vLLM", kind: "vllm", baseUrl: fake.url, apiKey: API_KEY },
  });
  const imported = await harness.call<{ imported: ModelView[] }>(importExport, `/providers/${provider.id}/models`, {
    token: adminToken,
    params: { providerId: provider.id },
    body: { models: ["qwen2.5-7b-instruct", "qwen2-vl-7b", "bge-large-zh"] },
  });
  models = imported.imported;
});

afterAll(async () => {
  await fake?.close();
  await harness?.stop();
});

async function allAuditText(): Promise<string> {
  const events = await harness.db.auditEvent.findMany();
  return JSON.stringify(events, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

describe("provider secrets", () => {
  it("never appear in responses", async () => {
    const created = await harness.send(createProviderExport, "/providers", { token: adminToken, body: { name: "Secret check", kind: "openai", apiKey: API_KEY } });
    const id = (created.body.data as ProviderView).id;
    const list = await harness.send(listProvidersExport, "/providers", { token: adminToken });
    const single = await harness.send(getProviderExport, `/providers/${id}`, { token: adminToken, params: { providerId: id } });
    const updated = await harness.send(updateProviderExport, `/providers/${id}`, { token: adminToken, method: "PATCH", params: { providerId: id }, body: { apiKey: NEW_KEY } });

    expect(created.response.status).toBe(201);
    for (const { text } of [created, list, single, updated]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(NEW_KEY);
      expect(text).not.toContain("secretCiphertext");
      expect(text).not.toMatch(/v1:[A-Za-z0-9+/=]+:/);
    }
    expect(created.body.data).toMatchObject({ hasApiKey: true, apiKeyHint: "…mnop" });
    expect(updated.body.data).toMatchObject({ hasApiKey: true, apiKeyHint: "…0123" });
  });

  it("never appear in audit events", async () => {
    const text = await allAuditText();
    const keyChanges = await harness.db.auditEvent.findMany({ where: { action: { in: ["providers.create", "providers.update"] } } });

    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(NEW_KEY);
    expect(keyChanges.some((event) => (event.changes as Record<string, unknown>).apiKey === "changed")).toBe(true);
  });

  it("stay when a PATCH leaves the key out", async () => {
    const before = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });
    const updated = await harness.call<ProviderView>(updateProviderExport, `/providers/${provider.id}`, {
      token: adminToken,
      method: "PATCH",
      params: { providerId: provider.id },
      body: { timeoutMs: 30_000 },
    });
    const after = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(updated.hasApiKey).toBe(true);
    expect(after.secretCiphertext).toBe(before.secretCiphertext);
  });
});

describe("provider validation", () => {
  it("rejects a loopback URL without a rule", async () => {
    const loopbackRule = await harness.db.networkAllowRule.findFirstOrThrow({ where: { pattern: "127.0.0.1" } });
    await harness.call(deleteRuleExport, `/network-allow-rules/${loopbackRule.id}`, { token: adminToken, method: "DELETE", params: { ruleId: loopbackRule.id } });
    try {
      const { response, body } = await harness.send(createProviderExport, "/providers", { token: adminToken, body: { name: "Blocked", kind: "ollama", baseUrl: fake.url } });

      expect(response.status).toBe(400);
      expect(body.error.code).toBe("INVALID_INPUT");
      expect(body.error.reason).toBe("providers.private_address");
      expect(body.error.params).toEqual({ host: "127.0.0.1", address: "127.0.0.1" });
      expect(body.error.message).toContain("Settings → Network");
      expect(body.error.fields?.baseUrl).toBeDefined();
    } finally {
      await harness.call(createRuleExport, "/network-allow-rules", { token: adminToken, body: { pattern: "127.0.0.1", note: "fake provider" } });
    }
  });

  it("rejects a metadata URL even with a rule", async () => {
    await harness.call(createRuleExport, "/network-allow-rules", { token: adminToken, body: { pattern: "169.254.0.0/16" } });
    const { response, body } = await harness.send(createProviderExport, "/providers", {
      token: adminToken,
      body: { name: "Metadata", kind: "openai-compatible", baseUrl: "http://169.254.169.254/latest" },
    });

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("providers.metadata_address");
  });

  it.each([
    ["ftp://10.0.0.1/v1", "http"],
    ["http://user:secret@api.example.com/v1", "user name"],
    ["not a url", "absolute URL"],
    ["https://api.example.com/v1?key=1", "query"],
  ])("rejects base URL %s", async (baseUrl, fragment) => {
    const { response, body } = await harness.send(createProviderExport, "/providers", { token: adminToken, body: { name: "Bad URL", kind: "openai-compatible", baseUrl } });

    expect(response.status).toBe(400);
    expect(body.error.fields?.baseUrl?.join(" ")).toContain(fragment);
  });

  it("rejects unknown fields and kinds", async () => {
    const unknownField = await harness.send(createProviderExport, "/providers", { token: adminToken, body: { name: "X", kind: "openai", apiKey: API_KEY, secretCiphertext: "v1:a:b:c" } });
    const unknownKind = await harness.send(createProviderExport, "/providers", { token: adminToken, body: { name: "Y", kind: "azure" } });

    expect(unknownField.response.status).toBe(400);
    expect(unknownField.body.error.fields?.secretCiphertext).toBeDefined();
    expect(unknownKind.response.status).toBe(400);
    expect(unknownKind.body.error.fields?.kind).toBeDefined();
  });

  it("rejects a duplicate name", async () => {
    const { response, body } = await harness.send(createProviderExport, "/providers", { token: adminToken, body: { name: "Lab vLLM", kind: "vllm", baseUrl: fake.url } });

    expect(response.status).toBe(409);
    expect(body.error.reason).toBe("providers.name_taken");
  });

  it("rejects an empty PATCH", async () => {
    const { response } = await harness.send(updateProviderExport, `/providers/${provider.id}`, { token: adminToken, method: "PATCH", params: { providerId: provider.id }, body: {} });

    expect(response.status).toBe(400);
  });
});

describe("connection and models", () => {
  it("tests the connection and shows the last check", async () => {
    const result = await harness.call<{ ok: boolean; reason: string; modelCount: number }>(testExport, `/providers/${provider.id}/test`, {
      token: adminToken,
      method: "POST",
      params: { providerId: provider.id },
    });
    const after = await harness.call<ProviderView>(getProviderExport, `/providers/${provider.id}`, { token: adminToken, params: { providerId: provider.id } });

    expect(result).toMatchObject({ ok: true, reason: "ok", modelCount: 3 });
    expect(after.lastCheck).toMatchObject({ ok: true, reason: "ok" });
  });

  it("previews remote models with guessed capabilities", async () => {
    const remote = await harness.call<Array<{ id: string; imported: boolean; capabilities: string[] }>>(remoteModelsExport, `/providers/${provider.id}/remote-models`, {
      token: adminToken,
      params: { providerId: provider.id },
    });

    expect(remote.map((model) => [model.id, model.capabilities, model.imported])).toEqual([
      ["bge-large-zh", ["embeddings"], true],
      ["qwen2-vl-7b", ["chat", "vision"], true],
      ["qwen2.5-7b-instruct", ["chat"], true],
    ]);
  });

  it("edits a model's prices and capabilities", async () => {
    const chat = models.find((model) => model.name === "qwen2.5-7b-instruct")!;
    const edited = await harness.call<ModelView>(updateModelExport, `/provider-models/${chat.id}`, {
      token: adminToken,
      method: "PATCH",
      params: { modelId: chat.id },
      body: { inputPrice: 0.5, outputPrice: 1.5, currency: "USD", capabilities: ["chat", "chat"], displayName: "Qwen 2.5 7B" },
    });
    const audit = await harness.db.auditEvent.findFirstOrThrow({ where: { action: "providers.model_update", targetId: chat.id } });

    expect(edited).toMatchObject({ inputPrice: 0.5, outputPrice: 1.5, currency: "USD", capabilities: ["chat"], displayName: "Qwen 2.5 7B" });
    expect(audit.changes).toMatchObject({ inputPrice: { from: null, to: 0.5 }, currency: { from: "CNY", to: "USD" } });
  });

  it("rejects negative prices and unknown capabilities", async () => {
    const chat = models[0]!;
    const negative = await harness.send(updateModelExport, `/provider-models/${chat.id}`, { token: adminToken, method: "PATCH", params: { modelId: chat.id }, body: { inputPrice: -1 } });
    const unknown = await harness.send(updateModelExport, `/provider-models/${chat.id}`, { token: adminToken, method: "PATCH", params: { modelId: chat.id }, body: { capabilities: ["telepathy"] } });
    const currency = await harness.send(updateModelExport, `/provider-models/${chat.id}`, { token: adminToken, method: "PATCH", params: { modelId: chat.id }, body: { currency: "EUR" } });

    expect(negative.response.status).toBe(400);
    expect(unknown.response.status).toBe(400);
    expect(currency.response.status).toBe(400);
  });

  it("lists usable models by capability", async () => {
    const vision = await harness.call<Array<{ name: string; providerName: string }>>(listUsableExport, "/provider-models?capability=vision", { token: adminToken });
    const bad = await harness.send(listUsableExport, "/provider-models?capability=smell", { token: adminToken });

    expect(vision.map((model) => model.name)).toEqual(["qwen2-vl-7b"]);
    expect(vision[0]?.providerName).toBe("Lab vLLM");
    expect(bad.response.status).toBe(400);
  });

  it("lists presets", async () => {
    const presets = await harness.call<Array<{ kind: string; defaultBaseUrl: string | null; currency: string }>>(presetsExport, "/providers/presets", { token: harness.seed.viewer.token });
    const byKind = Object.fromEntries(presets.map((preset) => [preset.kind, preset]));

    expect(byKind.dashscope?.defaultBaseUrl).toBe("https://dashscope.aliyuncs.com/compatible-mode/v1");
    expect(byKind.zhipu?.defaultBaseUrl).toBe("https://open.bigmodel.cn/api/paas/v4");
    expect(byKind.ollama?.defaultBaseUrl).toBe("http://127.0.0.1:11434/v1");
    expect(byKind.deepseek?.currency).toBe("CNY");
    expect(byKind.local?.defaultBaseUrl).toBeNull();
  });

  it("deletes a model", async () => {
    const embedding = models.find((model) => model.name === "bge-large-zh")!;
    await harness.call(deleteModelExport, `/provider-models/${embedding.id}`, { token: adminToken, method: "DELETE", params: { modelId: embedding.id } });
    const remaining = await harness.call<ModelView[]>(listModelsExport, `/providers/${provider.id}/models`, { token: adminToken, params: { providerId: provider.id } });

    expect(remaining.map((model) => model.name)).toEqual(["qwen2-vl-7b", "qwen2.5-7b-instruct"]);
  });
});

describe("network allow rules", () => {
  it("are created, annotated and deleted", async () => {
    const rule = await harness.call<RuleView>(createRuleExport, "/network-allow-rules", { token: adminToken, body: { pattern: " *.GPU.Corp.Example ", note: "GPU cluster" } });
    const edited = await harness.call<RuleView>(updateRuleExport, `/network-allow-rules/${rule.id}`, { token: adminToken, method: "PATCH", params: { ruleId: rule.id }, body: { note: "GPU cluster, rack 4" } });
    const duplicate = await harness.send(createRuleExport, "/network-allow-rules", { token: adminToken, body: { pattern: "*.gpu.corp.example" } });
    await harness.call(deleteRuleExport, `/network-allow-rules/${rule.id}`, { token: adminToken, method: "DELETE", params: { ruleId: rule.id } });
    const listed = await harness.call<RuleView[]>(listRulesExport, "/network-allow-rules", { token: adminToken });
    const actions = (await harness.db.auditEvent.findMany({ where: { targetId: rule.id }, orderBy: { id: "asc" } })).map((event) => event.action);

    expect(rule.pattern).toBe("*.gpu.corp.example");
    expect(edited.note).toBe("GPU cluster, rack 4");
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.body.error.reason).toBe("providers.rule_taken");
    expect(listed.map((entry) => entry.pattern)).not.toContain("*.gpu.corp.example");
    expect(actions).toEqual(["network.rule_create", "network.rule_update", "network.rule_delete"]);
  });

  it.each(["http://10.0.0.1", "10.0.0.0/40", "*", "10.0.0.1:8000", ""])("reject pattern %j", async (pattern) => {
    const { response, body } = await harness.send(createRuleExport, "/network-allow-rules", { token: adminToken, body: { pattern } });

    expect(response.status).toBe(400);
    expect(body.error.fields?.pattern).toBeDefined();
  });
});

describe("permissions", () => {
  const mutations = (): Array<[string, RouteHandler, string, { params?: Record<string, string>; body?: unknown; method?: string }]> => [
    ["create provider", createProviderExport, "/providers", { body: { name: "Not mine", kind: "openai", apiKey: API_KEY } }],
    ["update provider", updateProviderExport, `/providers/${provider.id}`, { method: "PATCH", params: { providerId: provider.id }, body: { name: "Renamed" } }],
    ["delete provider", deleteProviderExport, `/providers/${provider.id}`, { method: "DELETE", params: { providerId: provider.id } }],
    ["test connection", testExport, `/providers/${provider.id}/test`, { method: "POST", params: { providerId: provider.id } }],
    ["remote models", remoteModelsExport, `/providers/${provider.id}/remote-models`, { params: { providerId: provider.id } }],
    ["import models", importExport, `/providers/${provider.id}/models`, { params: { providerId: provider.id }, body: { models: ["x"] } }],
    ["edit model", updateModelExport, `/provider-models/${models[0]!.id}`, { method: "PATCH", params: { modelId: models[0]!.id }, body: { inputPrice: 0 } }],
    ["list rules", listRulesExport, "/network-allow-rules", {}],
    ["create rule", createRuleExport, "/network-allow-rules", { body: { pattern: "10.0.0.0/8" } }],
  ];

  it("product and viewer cannot manage providers", async () => {
    const before = await harness.db.auditEvent.count();
    for (const member of [harness.product, harness.seed.viewer, harness.engineer]) {
      for (const [label, exported, path, options] of mutations()) {
        const { response, body } = await harness.send(exported, path, { token: member.token, ...options });
        expect(response.status, `${member.email}: ${label}`).toBe(403);
        expect(body.error.code).toBe("FORBIDDEN");
      }
    }

    expect(await harness.db.auditEvent.count()).toBe(before);
    expect((await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } })).name).toBe("Lab vLLM");
  });

  it("viewer lists providers and models without secrets", async () => {
    const token = harness.seed.viewer.token;
    const providers = await harness.send(listProvidersExport, "/providers", { token });
    const usable = await harness.send(listUsableExport, "/provider-models", { token });
    const providerModels = await harness.send(listModelsExport, `/providers/${provider.id}/models`, { token, params: { providerId: provider.id } });

    expect(providers.response.status).toBe(200);
    expect(usable.response.status).toBe(200);
    expect(providerModels.response.status).toBe(200);
    expect((usable.body.data as unknown[]).length).toBeGreaterThan(0);
    for (const entry of providers.body.data as ProviderView[]) {
      expect(entry.apiKeyHint).toBeNull();
    }
    expect((providers.body.data as ProviderView[]).find((entry) => entry.id === provider.id)?.hasApiKey).toBe(true);
    for (const { text } of [providers, usable, providerModels]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain("…mnop");
    }
  });

  it("hides other workspaces' providers", async () => {
    const other = await harness.db.workspace.create({ data: { slug: "elsewhere", name: "Elsewhere" } });
    const outsider = await createMember(harness.db, other.id, "admin@elsewhere.example", "admin");
    const single = await harness.send(getProviderExport, `/providers/${provider.id}`, { token: outsider.token, params: { providerId: provider.id } });
    const edit = await harness.send(updateModelExport, `/provider-models/${models[0]!.id}`, { token: outsider.token, method: "PATCH", params: { modelId: models[0]!.id }, body: { inputPrice: 9 } });
    const list = await harness.call<ProviderView[]>(listProvidersExport, "/providers", { token: outsider.token });

    expect(single.response.status).toBe(404);
    expect(single.body.error.reason).toBe("providers.not_found");
    expect(edit.response.status).toBe(404);
    expect(list).toEqual([]);
  });
});
