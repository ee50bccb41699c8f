import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";
import { createAllowRule, deleteAllowRule } from "@/lib/providers/allow-rules";
import { importModels, updateProviderModel } from "@/lib/providers/models";
import { createProvider, deleteProvider, LOCAL_BASE_URL_PLACEHOLDER, updateProvider } from "@/lib/providers/providers";
import { listUsableModels, resolveModelTarget } from "@/lib/providers/target";
import { createMember } from "../api/fixtures";
import { startLoopbackServer, startProvidersHarness, type LoopbackServer, type ProvidersHarness } from "./harness";

const API_KEY = "sk-test-1234567890abcdef";

let harness: ProvidersHarness;
let admin: Actor;
let loopback: LoopbackServer;

beforeAll(async () => {
  harness = await startProvidersHarness();
  admin = harness.seed.admin.actor;
  // Only its address matters here: saving a provider resolves the host but sends nothing.
  loopback = await startLoopbackServer((_request, response) => response.end("{}"));
});

afterAll(async () => {
  await loopback?.close();
  await harness?.stop();
});

/** Runs `action` and returns the AppError it raised. */
async function appErrorOf(action: () => Promise<unknown>): Promise<AppError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but the action succeeded");
}

async function withLoopbackRule<T>(action: () => Promise<T>): Promise<T> {
  const { rule } = await createAllowRule(harness.db, admin, { pattern: "127.0.0.1", note: "test server" });
  try {
    return await action();
  } finally {
    await deleteAllowRule(harness.db, admin, rule.id);
  }
}

describe("provider API key", () => {
  it("is stored encrypted with a hint", async () => {
    const { provider, audit } = await createProvider(harness.db, admin, { name: "OpenAI main", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const stored = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(stored.secretCiphertext).not.toBeNull();
    expect(stored.secretCiphertext).not.toContain(API_KEY);
    expect(stored.secretCiphertext).not.toContain(Buffer.from(API_KEY).toString("base64"));
    expect(decryptSecret(stored.secretCiphertext!)).toBe(API_KEY);
    expect(stored.secretHint).toBe("…cdef");
    expect(stored.baseUrl).toBe("https://api.openai.com/v1");
    expect(JSON.stringify(audit)).not.toContain(API_KEY);
    expect(audit.changes).toMatchObject({ apiKey: "changed" });
  });

  it("stays when an update leaves it out", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Keep key", kind: "deepseek", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const before = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    const { audit } = await updateProvider(harness.db, admin, provider.id, { name: "Keep key renamed", rpmLimit: 30 });
    const after = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(after.secretCiphertext).toBe(before.secretCiphertext);
    expect(after.secretHint).toBe(before.secretHint);
    expect(after.name).toBe("Keep key renamed");
    expect(audit.changes).not.toHaveProperty("apiKey");
    expect(audit.changes).toMatchObject({ name: { from: "Keep key", to: "Keep key renamed" }, rpmLimit: { from: null, to: 30 } });
  });

  it("is replaced by a new key", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Replace key", kind: "moonshot", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { audit } = await updateProvider(harness.db, admin, provider.id, { apiKey: "sk-new-key-000000009999" });
    const after = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(decryptSecret(after.secretCiphertext!)).toBe("sk-new-key-000000009999");
    expect(after.secretHint).toBe("…9999");
    expect(audit.changes).toEqual({ apiKey: "changed" });
    expect(JSON.stringify(audit)).not.toContain("sk-new-key");
  });

  it("is removed only by an explicit clear", async () => {
    const { provider } = await withLoopbackRule(() =>
      createProvider(harness.db, admin, { name: "Self-hosted with key", kind: "vllm", baseUrl: loopback.url, apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true }),
    );
    const { audit } = await updateProvider(harness.db, admin, provider.id, { clearApiKey: true });
    const after = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(after.secretCiphertext).toBeNull();
    expect(after.secretHint).toBeNull();
    expect(audit.changes).toEqual({ apiKey: "cleared" });
  });

  it("cannot be cleared where the preset needs one", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Needs key", kind: "zhipu", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const error = await appErrorOf(() => updateProvider(harness.db, admin, provider.id, { clearApiKey: true }));

    expect(error.code).toBe("INVALID_INPUT");
    expect(error.options.reason).toBe("providers.key_required");
  });

  it("is required on create where the preset needs one", async () => {
    const error = await appErrorOf(() => createProvider(harness.db, admin, { name: "No key", kind: "dashscope", rpmLimit: null, timeoutMs: 60_000, enabled: true }));

    expect(error.code).toBe("INVALID_INPUT");
    expect(error.options.reason).toBe("providers.key_required");
    expect(await harness.db.provider.count({ where: { name: "No key" } })).toBe(0);
  });

  it("rejects a new key sent with clear", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Both", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const error = await appErrorOf(() => updateProvider(harness.db, admin, provider.id, { apiKey: "sk-other-000000000000", clearApiKey: true }));

    expect(error.options.reason).toBe("providers.key_conflict");
  });

  it("fails clearly under a different encryption key", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Rotated", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["gpt-4o-mini"]);
    const otherKey = randomBytes(32).toString("base64");
    await harness.db.provider.update({ where: { id: provider.id }, data: { secretCiphertext: encryptSecret(API_KEY, otherKey) } });

    const error = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id));

    expect(error.code).toBe("INTERNAL");
    expect(error.options.reason).toBe("providers.secret_unreadable");
    expect(error.options.params).toEqual({ provider: "Rotated" });
    expect(error.publicMessage).toContain("LUODI_ENCRYPTION_KEY");
    expect(error.publicMessage).not.toContain(API_KEY);
  });
});

describe("provider base URL", () => {
  it("rejects loopback without an allow rule", async () => {
    const error = await appErrorOf(() =>
      createProvider(harness.db, admin, { name: "Loopback vLLM", kind: "vllm", baseUrl: loopback.url, rpmLimit: null, timeoutMs: 60_000, enabled: true }),
    );

    expect(error.code).toBe("INVALID_INPUT");
    expect(error.options.reason).toBe("providers.private_address");
    expect(error.options.params).toEqual({ host: "127.0.0.1", address: "127.0.0.1" });
    expect(error.publicMessage).toContain("Settings → Network");
    expect(error.options.fieldErrors?.baseUrl?.[0]).toContain("127.0.0.1");
    expect(loopback.requests).toBe(0);
  });

  it("rejects the preset's loopback default without a rule", async () => {
    const error = await appErrorOf(() => createProvider(harness.db, admin, { name: "Ollama default", kind: "ollama", rpmLimit: null, timeoutMs: 60_000, enabled: true }));

    expect(error.options.reason).toBe("providers.private_address");
  });

  it("rejects an IPv4-mapped IPv6 loopback literal", async () => {
    const port = new URL(loopback.url).port;
    const error = await appErrorOf(() =>
      createProvider(harness.db, admin, { name: "Mapped", kind: "openai-compatible", baseUrl: `http://[::ffff:127.0.0.1]:${port}/v1`, rpmLimit: null, timeoutMs: 60_000, enabled: true }),
    );

    expect(error.options.reason).toBe("providers.private_address");
  });

  it("rejects private network literals", async () => {
    for (const baseUrl of ["http://10.20.30.40:8000/v1", "http://192.168.1.20/v1", "http://[fd00::1]:8000/v1"]) {
      const error = await appErrorOf(() => createProvider(harness.db, admin, { name: `Private ${baseUrl}`, kind: "vllm", baseUrl, rpmLimit: null, timeoutMs: 60_000, enabled: true }));
      expect(error.options.reason, baseUrl).toBe("providers.private_address");
    }
  });

  it("accepts loopback under an allow rule", async () => {
    const { provider } = await withLoopbackRule(() =>
      createProvider(harness.db, admin, { name: "Allowed vLLM", kind: "vllm", baseUrl: `${loopback.url}/`, rpmLimit: null, timeoutMs: 60_000, enabled: true }),
    );

    expect(provider.baseUrl).toBe(loopback.url);
    expect(provider.secretCiphertext).toBeNull();
    expect(loopback.requests).toBe(0);
  });

  it("accepts a private range under a CIDR rule", async () => {
    const { rule } = await createAllowRule(harness.db, admin, { pattern: "10.0.0.0/8", note: "" });
    const { provider } = await createProvider(harness.db, admin, { name: "GPU box", kind: "sglang", baseUrl: "http://10.1.2.3:30000/v1", rpmLimit: null, timeoutMs: 60_000, enabled: true });
    await deleteAllowRule(harness.db, admin, rule.id);

    expect(provider.baseUrl).toBe("http://10.1.2.3:30000/v1");
  });

  it("refuses the metadata address even under a rule", async () => {
    const { rule } = await createAllowRule(harness.db, admin, { pattern: "169.254.0.0/16", note: "link-local" });
    try {
      const error = await appErrorOf(() =>
        createProvider(harness.db, admin, { name: "Metadata", kind: "openai-compatible", baseUrl: "http://169.254.169.254/v1", rpmLimit: null, timeoutMs: 60_000, enabled: true }),
      );
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.options.reason).toBe("providers.metadata_address");
      expect(error.options.params).toEqual({ host: "169.254.169.254", address: "169.254.169.254" });
    } finally {
      await deleteAllowRule(harness.db, admin, rule.id);
    }
    expect(await harness.db.provider.count({ where: { name: "Metadata" } })).toBe(0);
  });

  it("refuses Alibaba Cloud's metadata address under a rule", async () => {
    const { rule } = await createAllowRule(harness.db, admin, { pattern: "100.64.0.0/10", note: "" });
    try {
      const error = await appErrorOf(() =>
        createProvider(harness.db, admin, { name: "Aliyun metadata", kind: "openai-compatible", baseUrl: "http://100.100.100.200/v1", rpmLimit: null, timeoutMs: 60_000, enabled: true }),
      );
      expect(error.options.reason).toBe("providers.metadata_address");
    } finally {
      await deleteAllowRule(harness.db, admin, rule.id);
    }
  });

  it("is checked again when an update changes it", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Moves", kind: "openai-compatible", baseUrl: "http://93.184.216.34/v1", rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const error = await appErrorOf(() => updateProvider(harness.db, admin, provider.id, { baseUrl: loopback.url }));
    const after = await harness.db.provider.findUniqueOrThrow({ where: { id: provider.id } });

    expect(error.options.reason).toBe("providers.private_address");
    expect(after.baseUrl).toBe("http://93.184.216.34/v1");
  });

  it("is required for the generic preset", async () => {
    const error = await appErrorOf(() => createProvider(harness.db, admin, { name: "No URL", kind: "openai-compatible", rpmLimit: null, timeoutMs: 60_000, enabled: true }));

    expect(error.options.reason).toBe("providers.base_url_required");
  });

  it("is skipped for the local runtime", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Local runtime", kind: "local", baseUrl: "http://10.9.9.9/v1", rpmLimit: null, timeoutMs: 60_000, enabled: true });

    expect(provider.baseUrl).toBe(LOCAL_BASE_URL_PLACEHOLDER);
  });
});

describe("provider names", () => {
  it("are unique per workspace", async () => {
    await createProvider(harness.db, admin, { name: "Twice", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const error = await appErrorOf(() => createProvider(harness.db, admin, { name: "Twice", kind: "deepseek", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true }));

    expect(error.code).toBe("CONFLICT");
    expect(error.options.reason).toBe("providers.name_taken");
  });

  it("may repeat in another workspace", async () => {
    const other = await harness.db.workspace.create({ data: { slug: "other-names", name: "Other" } });
    const outsider = await createMember(harness.db, other.id, "names@other.example", "admin");
    const { provider } = await createProvider(harness.db, outsider.actor, { name: "Twice", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });

    expect(provider.workspaceId).toBe(other.id);
  });
});

describe("resolveModelTarget", () => {
  it("returns the decrypted key, prices and policy", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Target", kind: "moonshot", apiKey: API_KEY, rpmLimit: 20, timeoutMs: 30_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["moonshot-v1-8k"]);
    await createAllowRule(harness.db, admin, { pattern: "gpu.corp.example", note: "" });

    const target = await resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id);

    expect(target).toMatchObject({
      workspaceId: admin.workspaceId,
      providerId: provider.id,
      providerName: "Target",
      providerKind: "moonshot",
      modelId: imported[0]!.id,
      model: "moonshot-v1-8k",
      displayName: "moonshot-v1-8k",
      baseUrl: "https://api.moonshot.cn/v1",
      apiKey: API_KEY,
      timeoutMs: 30_000,
      rpmLimit: 20,
      capabilities: ["chat"],
      prices: { input: 12, output: 12, currency: "CNY" },
    });
    expect(target.policy.allowRules).toContain("gpu.corp.example");
    expect(target.policy.trustedLoopback).toBeUndefined();
  });

  it("returns edited prices as numbers", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Edited prices", kind: "deepseek", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["deepseek-chat"]);
    await updateProviderModel(harness.db, admin, imported[0]!.id, { inputPrice: 2, outputPrice: 3.125, currency: "CNY", displayName: "DeepSeek V3" });

    const target = await resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id);

    expect(target.prices).toEqual({ input: 2, output: 3.125, currency: "CNY" });
    expect(target.displayName).toBe("DeepSeek V3");
  });

  it("rejects a disabled model", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Disabled model", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["gpt-4o"]);
    await updateProviderModel(harness.db, admin, imported[0]!.id, { enabled: false });

    const error = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id));

    expect(error.code).toBe("INVALID_INPUT");
    expect(error.options.reason).toBe("providers.model_disabled");
    expect(error.options.params).toEqual({ model: "gpt-4o", provider: "Disabled model" });
  });

  it("rejects a model of a disabled provider", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Disabled provider", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["gpt-4o"]);
    await updateProvider(harness.db, admin, provider.id, { enabled: false });

    const error = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id));

    expect(error.options.reason).toBe("providers.provider_disabled");
  });

  it("does not find another workspace's model", async () => {
    const other = await harness.db.workspace.create({ data: { slug: "other-target", name: "Other" } });
    const outsider = await createMember(harness.db, other.id, "target@other.example", "admin");
    const { provider } = await createProvider(harness.db, outsider.actor, { name: "Foreign", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, outsider.actor, provider.id, ["gpt-4o"]);

    const foreign = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id));
    const unknown = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, "no-such-model"));

    expect(foreign.code).toBe("NOT_FOUND");
    expect(foreign.options.reason).toBe("providers.model_not_found");
    expect(unknown.code).toBe("NOT_FOUND");
  });

  it("rejects a local model without a folder", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Local incomplete", kind: "local", rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const model = await harness.db.providerModel.create({ data: { workspaceId: admin.workspaceId, providerId: provider.id, name: "tiny-llama", capabilities: ["chat"] } });

    const error = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, model.id));

    expect(error.code).toBe("INVALID_INPUT");
    expect(error.options.reason).toBe("providers.local_model_incomplete");
  });

  it("is gone with a deleted provider", async () => {
    const { provider } = await createProvider(harness.db, admin, { name: "Deleted", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, admin, provider.id, ["gpt-4o"]);
    const { audit } = await deleteProvider(harness.db, admin, provider.id);

    const error = await appErrorOf(() => resolveModelTarget(harness.db, admin.workspaceId, imported[0]!.id));

    expect(error.code).toBe("NOT_FOUND");
    expect(audit).toMatchObject({ action: "providers.delete", targetId: provider.id });
  });
});

describe("listUsableModels", () => {
  it("filters by capability and hides disabled ones", async () => {
    const other = await harness.db.workspace.create({ data: { slug: "usable", name: "Usable" } });
    const owner = await createMember(harness.db, other.id, "usable@other.example", "admin");
    const { provider } = await createProvider(harness.db, owner.actor, { name: "Catalogue", kind: "openai", apiKey: API_KEY, rpmLimit: null, timeoutMs: 60_000, enabled: true });
    const { imported } = await importModels(harness.db, owner.actor, provider.id, ["gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "whisper-1"]);
    const mini = imported.find((model) => model.name === "gpt-4o-mini")!;
    await updateProviderModel(harness.db, owner.actor, mini.id, { enabled: false });

    const all = await listUsableModels(harness.db, other.id);
    const vision = await listUsableModels(harness.db, other.id, "vision");
    const embedding = await listUsableModels(harness.db, other.id, "embeddings");

    expect(all.map((model) => model.name)).toEqual(["gpt-4o", "text-embedding-3-small", "whisper-1"]);
    expect(vision.map((model) => model.name)).toEqual(["gpt-4o"]);
    expect(vision[0]).toEqual({
      id: expect.any(String),
      name: "gpt-4o",
      displayName: "gpt-4o",
      providerId: provider.id,
      providerName: "Catalogue",
      capabilities: ["chat", "vision"],
      prices: { input: 2.5, output: 10, currency: "USD" },
    });
    expect(embedding.map((model) => model.name)).toEqual(["text-embedding-3-small"]);

    await updateProvider(harness.db, owner.actor, provider.id, { enabled: false });
    expect(await listUsableModels(harness.db, other.id)).toEqual([]);
  });
});
