import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createAllowRule, deleteAllowRule } from "@/lib/providers/allow-rules";
import { previewRemoteModels, testProviderConnection } from "@/lib/providers/connection";
import { importModels } from "@/lib/providers/models";
import { createProvider } from "@/lib/providers/providers";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { startLoopbackServer, startProvidersHarness, type LoopbackServer, type ProvidersHarness } from "./harness";

const API_KEY = "sk-loopback-0123456789";
const REMOTE_MODELS = ["Qwen2.5-VL-7B-Instruct", "bge-m3", "text-embedding-3-small", "whisper-large-v3", "deepseek-r1-distill-qwen-7b", "llava-1.5-7b", "gpt-4o"];

let harness: ProvidersHarness;
let admin: Actor;
let fake: FakeOpenAi;
let hanging: LoopbackServer;
let html: LoopbackServer;
let ruleId: string;

beforeAll(async () => {
  harness = await startProvidersHarness();
  admin = harness.seed.admin.actor;
  fake = await startFakeOpenAi({ apiKey: API_KEY, models: REMOTE_MODELS });
  // Accepts the request and never responds, so only the client's timeout ends it.
  hanging = await startLoopbackServer(() => undefined);
  html = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<html><body>Welcome to nginx!</body></html>");
  });
  ({ rule: { id: ruleId } } = await createAllowRule(harness.db, admin, { pattern: "127.0.0.1", note: "loopback test servers" }));
});

afterAll(async () => {
  await fake?.close();
  await hanging?.close();
  await html?.close();
  await harness?.stop();
});

async function addProvider(name: string, baseUrl: string, apiKey?: string) {
  const { provider } = await createProvider(harness.db, admin, { name, kind: "vllm", baseUrl, apiKey, rpmLimit: null, timeoutMs: 60_000, enabled: true });
  return provider;
}

describe("testProviderConnection", () => {
  it("reports ok with the model count", async () => {
    const provider = await addProvider("Fake ok", fake.url, API_KEY);
    const { result, audit } = await testProviderConnection(harness.db, admin, provider.id);
    const stored = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(result).toMatchObject({ ok: true, reason: "ok", httpStatus: 200, modelCount: REMOTE_MODELS.length });
    expect(stored.lastCheckOk).toBe(true);
    expect(stored.lastCheckedAt).toEqual(result.checkedAt);
    expect(stored.lastCheckMessage).toMatch(/^ok: /);
    expect(fake.requests.at(-1)).toMatchObject({ path: "/v1/models" });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(audit).toMatchObject({ action: "providers.test", targetId: provider.id, changes: { result: "ok" } });
  });

  it("reports unauthorized for a wrong key", async () => {
    const provider = await addProvider("Fake wrong key", fake.url, "sk-wrong-key-00000000");
    const { result } = await testProviderConnection(harness.db, admin, provider.id);
    const stored = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(result).toMatchObject({ ok: false, reason: "unauthorized", httpStatus: 401, modelCount: null });
    expect(stored.lastCheckOk).toBe(false);
    expect(stored.lastCheckMessage).toMatch(/^unauthorized: /);
    expect(stored.lastCheckMessage).not.toContain("sk-wrong-key");
  });

  it("reports unauthorized without a key", async () => {
    const provider = await addProvider("Fake no key", fake.url);
    const { result } = await testProviderConnection(harness.db, admin, provider.id);

    expect(result.reason).toBe("unauthorized");
  });

  it("reports not_found for a wrong path", async () => {
    const provider = await addProvider("Fake wrong path", fake.url.replace(/\/v1$/, "/api"), API_KEY);
    const { result } = await testProviderConnection(harness.db, admin, provider.id);

    expect(result).toMatchObject({ ok: false, reason: "not_found", httpStatus: 404 });
    expect(result.message).toContain("/v1");
  });

  it("reports timeout for a silent server", async () => {
    const provider = await addProvider("Hanging", hanging.url);
    const startedAt = Date.now();
    const { result } = await testProviderConnection(harness.db, admin, provider.id, { timeoutMs: 1_000 });

    expect(result).toMatchObject({ ok: false, reason: "timeout", httpStatus: null, params: { timeoutMs: 1_000 } });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(hanging.requests).toBeGreaterThan(0);
  });

  it("reports bad_response for a web page", async () => {
    const provider = await addProvider("Web server", html.url);
    const { result } = await testProviderConnection(harness.db, admin, provider.id);

    expect(result).toMatchObject({ ok: false, reason: "bad_response", httpStatus: 200 });
  });

  it("reports network when nothing listens", async () => {
    const closed = await startLoopbackServer(() => undefined);
    await closed.close();
    const provider = await addProvider("Closed port", closed.url);
    const { result } = await testProviderConnection(harness.db, admin, provider.id);

    expect(result).toMatchObject({ ok: false, reason: "network", params: { code: "ECONNREFUSED" } });
  });

  it("reports blocked_address after the rule is deleted", async () => {
    const provider = await addProvider("Loses rule", fake.url, API_KEY);
    const before = fake.requests.length;
    await deleteAllowRule(harness.db, admin, ruleId);
    try {
      const { result } = await testProviderConnection(harness.db, admin, provider.id);
      expect(result).toMatchObject({ ok: false, reason: "blocked_address", params: { host: "127.0.0.1", address: "127.0.0.1", blockReason: "private_address" } });
      expect(fake.requests.length).toBe(before);
    } finally {
      ({ rule: { id: ruleId } } = await createAllowRule(harness.db, admin, { pattern: "127.0.0.1", note: "loopback test servers" }));
    }
  });

  it("refuses the local runtime", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Local", kind: "local", rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const error = await testProviderConnection(harness.db, admin, provider.id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).options.reason).toBe("providers.local_runtime_managed");
  });
});

describe("remote models", () => {
  it("preview lists models and marks imported ones", async () => {
    const provider = await addProvider("Preview", fake.url, API_KEY);
    await importModels(harness.db, admin, provider.id, ["bge-m3"]);

    const { models } = await previewRemoteModels(harness.db, admin, provider.id);

    expect(models.map((model) => model.id)).toEqual([...REMOTE_MODELS].sort((left, right) => left.localeCompare(right)));
    expect(models.find((model) => model.id === "bge-m3")?.imported).toBe(true);
    expect(models.find((model) => model.id === "gpt-4o")?.imported).toBe(false);
    expect(models[0]?.ownedBy).toBe("fake-openai");
  });

  it("preview raises an upstream error for a wrong key", async () => {
    const provider = await addProvider("Preview wrong key", fake.url, "sk-wrong-key-11111111");
    const error = (await previewRemoteModels(harness.db, admin, provider.id).catch((caught: unknown) => caught)) as AppError;

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("UPSTREAM_ERROR");
    expect(error.options.reason).toBe("providers.upstream_unauthorized");
  });

  it("import guesses capabilities from the ids", async () => {
    const provider = await addProvider("Import", fake.url, API_KEY);
    const { imported, skipped, audit } = await importModels(harness.db, admin, provider.id, REMOTE_MODELS);
    const byName = Object.fromEntries(imported.map((model) => [model.name, model]));

    expect(skipped).toEqual([]);
    expect(byName["Qwen2.5-VL-7B-Instruct"]?.capabilities).toEqual(["chat", "vision"]);
    expect(byName["llava-1.5-7b"]?.capabilities).toEqual(["chat", "vision"]);
    expect(byName["bge-m3"]?.capabilities).toEqual(["embeddings"]);
    expect(byName["text-embedding-3-small"]?.capabilities).toEqual(["embeddings"]);
    expect(byName["whisper-large-v3"]?.capabilities).toEqual(["audio"]);
    expect(byName["deepseek-r1-distill-qwen-7b"]?.capabilities).toEqual(["chat"]);
    // The vLLM preset lists no models, so even a familiar id gets no list price there.
    expect(byName["gpt-4o"]?.inputPrice).toBeNull();
    expect(byName["gpt-4o"]?.currency).toBe("CNY");
    expect(audit).toMatchObject({ action: "providers.import_models", targetId: provider.id });
  });

  it("import takes preset prices for known ids", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "OpenAI prices", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["gpt-4o-mini", "ft:gpt-4o-mini:custom"]);
    const [custom, mini] = imported;

    expect(mini?.name).toBe("gpt-4o-mini");
    expect(mini?.capabilities).toEqual(["chat", "vision"]);
    expect(Number(mini?.inputPrice)).toBe(0.15);
    expect(Number(mini?.outputPrice)).toBe(0.6);
    expect(mini?.currency).toBe("USD");
    expect(custom?.inputPrice).toBeNull();
  });

  it("import skips models already there", async () => {
    const provider = await addProvider("Import twice", fake.url, API_KEY);
    await importModels(harness.db, admin, provider.id, ["bge-m3"]);
    const { imported, skipped } = await importModels(harness.db, admin, provider.id, ["bge-m3", "gpt-4o", "gpt-4o"]);

    expect(imported.map((model) => model.name)).toEqual(["gpt-4o"]);
    expect(skipped).toEqual(["bge-m3"]);
    expect(await harness.db.providerModel.count({ where: { providerId: provider.id } })).toBe(2);
  });
});
