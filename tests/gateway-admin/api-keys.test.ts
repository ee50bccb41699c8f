import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as revokeExport } from "@/app/api/v1/api-keys/[keyId]/revoke/route";
import { POST as rotateExport } from "@/app/api/v1/api-keys/[keyId]/rotate/route";
import { GET as getKeyExport, PATCH as updateKeyExport } from "@/app/api/v1/api-keys/[keyId]/route";
import { GET as listKeysExport, POST as createKeyExport } from "@/app/api/v1/api-keys/route";
import { POST as createDeploymentExport } from "@/app/api/v1/deployments/route";
import { auditText, startGatewayAdminHarness, type GatewayAdminHarness } from "./harness";

type KeyView = {
  id: string;
  name: string;
  prefix: string;
  status: string;
  allowedModels: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: number | null;
  budgetCurrency: string;
  monthSpend: { currency: string; amount: number }[];
  expiresAt: string | null;
  revokedAt: string | null;
  cacheEnabled: boolean;
  storeContent: boolean;
  rotatedFromId: string | null;
};
type Created = { apiKey: KeyView; key: string };
type Rotated = Created & { previous: KeyView };

const KEY_PATTERN = /^lk-[A-Za-z0-9_-]{43}$/;

let harness: GatewayAdminHarness;
let adminToken: string;

beforeAll(async () => {
  harness = await startGatewayAdminHarness();
  adminToken = harness.seed.admin.token;
  await harness.call(createDeploymentExport, "/deployments", { token: adminToken, body: { name: "support-chat", targets: [{ modelId: harness.models["qwen-chat"], weight: 1 }] } });
  await harness.call(createDeploymentExport, "/deployments", { token: adminToken, body: { name: "search-embed", targets: [{ modelId: harness.models["bge-embed"], weight: 1 }] } });
  await harness.db.promptTemplate.create({ data: { workspaceId: harness.seed.workspace.id, name: "support-reply" } });
  await harness.db.promptTemplate.create({ data: { workspaceId: harness.seed.workspace.id, name: "retired-reply", archivedAt: new Date() } });
});

afterAll(async () => {
  await harness?.stop();
});

async function createKey(body: Record<string, unknown> = {}): Promise<Created> {
  return harness.call<Created>(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Support bot", ...body } });
}

describe("API key creation", () => {
  it("returns the key once and stores its hash", async () => {
    const created = await createKey({ allowedModels: ["support-chat"], rpmLimit: 60, tpmLimit: 100_000, monthlyBudget: 500, budgetCurrency: "CNY", storeContent: true });
    const row = await harness.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });

    expect(created.key).toMatch(KEY_PATTERN);
    expect(created.apiKey.prefix).toBe(created.key.slice(0, 11));
    expect(row.keyHash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(row.prefix).toBe(created.key.slice(0, 11));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(created.apiKey).toMatchObject({ status: "active", allowedModels: ["support-chat"], rpmLimit: 60, tpmLimit: 100_000, monthlyBudget: 500, budgetCurrency: "CNY", storeContent: true, cacheEnabled: true });
  });

  it("applies defaults", async () => {
    const created = await createKey();

    expect(created.apiKey).toMatchObject({ allowedModels: ["*"], rpmLimit: null, tpmLimit: null, monthlyBudget: null, budgetCurrency: "CNY", expiresAt: null, cacheEnabled: true, storeContent: false });
  });

  it("accepts prompt templates and collapses *", async () => {
    const prompts = await createKey({ allowedModels: ["prompt:support-reply", "search-embed", "search-embed"] });
    const everything = await createKey({ allowedModels: ["support-chat", "*"] });

    expect(prompts.apiKey.allowedModels).toEqual(["prompt:support-reply", "search-embed"]);
    expect(everything.apiKey.allowedModels).toEqual(["*"]);
  });

  it("never returns the key or hash later", async () => {
    const created = await createKey({ name: "Hidden" });
    const hash = createHash("sha256").update(created.key).digest("hex");
    const list = await harness.send(listKeysExport, "/api-keys", { token: adminToken });
    const single = await harness.send(getKeyExport, `/api-keys/${created.apiKey.id}`, { token: adminToken, params: { keyId: created.apiKey.id } });

    for (const { text, response } of [list, single]) {
      expect(response.status).toBe(200);
      expect(text).not.toContain(created.key);
      expect(text).not.toContain(hash);
      expect(text).not.toContain("keyHash");
    }
    expect(list.text).toContain(created.apiKey.prefix);
  });
});

describe("API key validation", () => {
  const cases: { label: string; body: Record<string, unknown>; field: string }[] = [
    { label: "empty name", body: { name: " " }, field: "name" },
    { label: "long name", body: { name: "x".repeat(81) }, field: "name" },
    { label: "empty allowedModels", body: { allowedModels: [] }, field: "allowedModels" },
    { label: "zero rpmLimit", body: { rpmLimit: 0 }, field: "rpmLimit" },
    { label: "fractional rpmLimit", body: { rpmLimit: 1.5 }, field: "rpmLimit" },
    { label: "negative tpmLimit", body: { tpmLimit: -1 }, field: "tpmLimit" },
    { label: "zero budget", body: { monthlyBudget: 0 }, field: "monthlyBudget" },
    { label: "unknown currency", body: { budgetCurrency: "EUR" }, field: "budgetCurrency" },
    { label: "unparseable expiry", body: { expiresAt: "next week" }, field: "expiresAt" },
    { label: "non-boolean cacheEnabled", body: { cacheEnabled: "yes" }, field: "cacheEnabled" },
    { label: "unknown field", body: { keyHash: "abc" }, field: "keyHash" },
  ];

  for (const { label, body, field } of cases) {
    it(`rejects ${label}`, async () => {
      const { response, body: error } = await harness.send(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Bad", ...body } });

      expect(response.status).toBe(400);
      expect(error.error.code).toBe("INVALID_INPUT");
      expect(Object.keys(error.error.fields ?? {})).toContain(field);
    });
  }

  it("rejects unknown allowed models with the valid ones", async () => {
    const { response, body } = await harness.send(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Typo", allowedModels: ["support-caht", "prompt:retired-reply"] } });

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("gateway.unknown_allowed_models");
    expect(body.error.params?.names).toBe("support-caht, prompt:retired-reply");
    expect(body.error.params?.valid).toBe("*, search-embed, support-chat, prompt:support-reply");
    expect(body.error.fields?.allowedModels).toBeDefined();
  });

  it("rejects an expiry in the past", async () => {
    const { response, body } = await harness.send(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Late", expiresAt: "2020-01-01T00:00:00Z" } });

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("gateway.expiry_past");
    expect(body.error.fields?.expiresAt).toBeDefined();
  });
});

describe("API key permissions", () => {
  it("refuse every role but admin", async () => {
    const created = await createKey({ name: "Guarded" });
    const keyId = created.apiKey.id;
    for (const member of [harness.engineer, harness.product, harness.seed.viewer]) {
      const attempts = [
        await harness.send(listKeysExport, "/api-keys", { token: member.token }),
        await harness.send(createKeyExport, "/api-keys", { token: member.token, body: { name: "Mine" } }),
        await harness.send(getKeyExport, `/api-keys/${keyId}`, { token: member.token, params: { keyId } }),
        await harness.send(updateKeyExport, `/api-keys/${keyId}`, { token: member.token, method: "PATCH", params: { keyId }, body: { rpmLimit: 5 } }),
        await harness.send(revokeExport, `/api-keys/${keyId}/revoke`, { token: member.token, method: "POST", params: { keyId } }),
        await harness.send(rotateExport, `/api-keys/${keyId}/rotate`, { token: member.token, params: { keyId }, body: {} }),
      ];
      for (const attempt of attempts) expect(attempt.response.status, `${member.email}`).toBe(403);
    }
    const row = await harness.db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(row.revokedAt).toBeNull();
    expect(row.rpmLimit).toBeNull();
  });
});

describe("API key changes", () => {
  it("update limits and record the diff", async () => {
    const created = await createKey({ name: "Limits" });
    const keyId = created.apiKey.id;
    const updated = await harness.call<KeyView>(updateKeyExport, `/api-keys/${keyId}`, {
      token: adminToken,
      method: "PATCH",
      params: { keyId },
      body: { rpmLimit: 10, monthlyBudget: 20.5, budgetCurrency: "USD", allowedModels: ["support-chat"], cacheEnabled: false },
    });
    const event = await harness.db.auditEvent.findFirstOrThrow({ where: { action: "api_keys.update", targetId: keyId } });

    expect(updated).toMatchObject({ rpmLimit: 10, monthlyBudget: 20.5, budgetCurrency: "USD", allowedModels: ["support-chat"], cacheEnabled: false });
    expect(event.changes).toMatchObject({ rpmLimit: { from: null, to: 10 }, monthlyBudget: { from: null, to: 20.5 }, cacheEnabled: { from: true, to: false } });
    expect(event.actorId).toBe(harness.seed.admin.id);
  });

  it("rejects an empty update", async () => {
    const created = await createKey({ name: "Empty patch" });
    const { response } = await harness.send(updateKeyExport, `/api-keys/${created.apiKey.id}`, { token: adminToken, method: "PATCH", params: { keyId: created.apiKey.id }, body: {} });

    expect(response.status).toBe(400);
  });

  it("revoke for good", async () => {
    const created = await createKey({ name: "Leaked" });
    const keyId = created.apiKey.id;
    const revoked = await harness.call<KeyView>(revokeExport, `/api-keys/${keyId}/revoke`, { token: adminToken, method: "POST", params: { keyId } });
    const again = await harness.send(revokeExport, `/api-keys/${keyId}/revoke`, { token: adminToken, method: "POST", params: { keyId } });
    const update = await harness.send(updateKeyExport, `/api-keys/${keyId}`, { token: adminToken, method: "PATCH", params: { keyId }, body: { rpmLimit: 1 } });
    const events = await harness.db.auditEvent.count({ where: { action: "api_keys.revoke", targetId: keyId } });

    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedAt).not.toBeNull();
    expect(again.response.status).toBe(409);
    expect(again.body.error.reason).toBe("gateway.key_revoked");
    expect(update.response.status).toBe(409);
    expect(events).toBe(1);
  });

  it("report expired keys", async () => {
    const created = await createKey({ name: "Short-lived" });
    await harness.db.apiKey.update({ where: { id: created.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const view = await harness.call<KeyView>(getKeyExport, `/api-keys/${created.apiKey.id}`, { token: adminToken, params: { keyId: created.apiKey.id } });

    expect(view.status).toBe("expired");
  });

  it("404 for another workspace's key", async () => {
    const created = await createKey({ name: "Elsewhere" });
    await harness.db.apiKey.update({ where: { id: created.apiKey.id }, data: { workspaceId: "another-workspace" } });
    const { response, body } = await harness.send(getKeyExport, `/api-keys/${created.apiKey.id}`, { token: adminToken, params: { keyId: created.apiKey.id } });

    expect(response.status).toBe(404);
    expect(body.error.reason).toBe("gateway.key_not_found");
  });
});

describe("API key rotation", () => {
  it("revokes the old key without grace", async () => {
    const created = await createKey({ name: "Rotate now", allowedModels: ["support-chat"], rpmLimit: 30, monthlyBudget: 99, storeContent: true });
    const keyId = created.apiKey.id;
    const rotated = await harness.call<Rotated>(rotateExport, `/api-keys/${keyId}/rotate`, { token: adminToken, params: { keyId }, body: { graceSeconds: 0 } });
    const again = await harness.send(rotateExport, `/api-keys/${keyId}/rotate`, { token: adminToken, params: { keyId }, body: {} });
    const newRow = await harness.db.apiKey.findUniqueOrThrow({ where: { id: rotated.apiKey.id } });

    expect(rotated.key).toMatch(KEY_PATTERN);
    expect(rotated.key).not.toBe(created.key);
    expect(newRow.keyHash).toBe(createHash("sha256").update(rotated.key).digest("hex"));
    expect(rotated.apiKey).toMatchObject({ name: "Rotate now", allowedModels: ["support-chat"], rpmLimit: 30, monthlyBudget: 99, storeContent: true, rotatedFromId: keyId, status: "active" });
    expect(rotated.previous.status).toBe("revoked");
    expect(again.response.status).toBe(409);
    expect(again.body.error.reason).toBe("gateway.key_revoked");
  });

  it("keeps the old key for the grace period", async () => {
    const created = await createKey({ name: "Rotate later" });
    const keyId = created.apiKey.id;
    const before = Date.now();
    const rotated = await harness.call<Rotated>(rotateExport, `/api-keys/${keyId}/rotate`, { token: adminToken, params: { keyId }, body: { graceSeconds: 3600 } });
    const after = Date.now();
    const again = await harness.send(rotateExport, `/api-keys/${keyId}/rotate`, { token: adminToken, params: { keyId }, body: { graceSeconds: 0 } });
    const endsAt = new Date(rotated.previous.expiresAt ?? 0).getTime();

    expect(rotated.previous.status).toBe("active");
    expect(rotated.previous.revokedAt).toBeNull();
    expect(endsAt).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(endsAt).toBeLessThanOrEqual(after + 3_600_000 + 1000);
    expect(rotated.apiKey.expiresAt).toBeNull();
    expect(again.response.status).toBe(409);
    expect(again.body.error.reason).toBe("gateway.key_already_rotated");
    expect(again.body.error.params?.prefix).toBe(rotated.apiKey.prefix);
  });

  it("keeps an earlier expiry than the grace end", async () => {
    const expiresAt = new Date(Date.now() + 600_000).toISOString();
    const created = await createKey({ name: "Expiring soon", expiresAt });
    const rotated = await harness.call<Rotated>(rotateExport, `/api-keys/${created.apiKey.id}/rotate`, { token: adminToken, params: { keyId: created.apiKey.id }, body: { graceSeconds: 86400 } });

    expect(rotated.previous.expiresAt).toBe(expiresAt);
    expect(rotated.apiKey.expiresAt).toBe(expiresAt);
  });

  it("rejects other grace periods", async () => {
    const created = await createKey({ name: "Odd grace" });
    const { response, body } = await harness.send(rotateExport, `/api-keys/${created.apiKey.id}/rotate`, { token: adminToken, params: { keyId: created.apiKey.id }, body: { graceSeconds: 60 } });

    expect(response.status).toBe(400);
    expect(body.error.fields?.graceSeconds).toBeDefined();
  });

  it("rejects expired keys", async () => {
    const created = await createKey({ name: "Stale" });
    await harness.db.apiKey.update({ where: { id: created.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { response, body } = await harness.send(rotateExport, `/api-keys/${created.apiKey.id}/rotate`, { token: adminToken, params: { keyId: created.apiKey.id }, body: {} });

    expect(response.status).toBe(409);
    expect(body.error.reason).toBe("gateway.key_expired");
  });
});

describe("API key spend", () => {
  it("sums this month's day roll-ups per currency", async () => {
    const created = await createKey({ name: "Metered" });
    const other = await createKey({ name: "Other metered" });
    const workspaceId = harness.seed.workspace.id;
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    const row = (apiKeyId: string, bucket: Date, granularity: string, currency: string, cost: number, route = "support-chat") => ({
      workspaceId,
      granularity,
      bucket,
      source: "gateway",
      apiKeyId,
      route,
      currency,
      requests: 1,
      cost,
    });
    await harness.db.usageRollup.createMany({
      data: [
        row(created.apiKey.id, today, "day", "CNY", 1.25),
        row(created.apiKey.id, today, "day", "CNY", 0.75, "search-embed"),
        row(created.apiKey.id, today, "day", "USD", 0.5),
        row(created.apiKey.id, today, "hour", "CNY", 100),
        row(created.apiKey.id, lastMonth, "day", "CNY", 1000),
        row(other.apiKey.id, today, "day", "CNY", 7),
      ],
    });
    const list = await harness.call<KeyView[]>(listKeysExport, "/api-keys", { token: adminToken });
    const metered = list.find((key) => key.id === created.apiKey.id);

    expect(metered?.monthSpend).toEqual([
      { currency: "CNY", amount: 2 },
      { currency: "USD", amount: 0.5 },
    ]);
    expect(list.find((key) => key.id === other.apiKey.id)?.monthSpend).toEqual([{ currency: "CNY", amount: 7 }]);
  });
});

describe("API key audit", () => {
  it("records every mutation without secrets", async () => {
    const created = await createKey({ name: "Audited" });
    const keyId = created.apiKey.id;
    const rotated = await harness.call<Rotated>(rotateExport, `/api-keys/${keyId}/rotate`, { token: adminToken, params: { keyId }, body: { graceSeconds: 86400 } });
    await harness.call(revokeExport, `/api-keys/${rotated.apiKey.id}/revoke`, { token: adminToken, method: "POST", params: { keyId: rotated.apiKey.id } });
    const text = await auditText(harness.db);
    const actions = (await harness.db.auditEvent.findMany({ where: { targetType: "api_key", targetId: { in: [keyId, rotated.apiKey.id] } } })).map((event) => event.action);

    expect(actions).toEqual(expect.arrayContaining(["api_keys.create", "api_keys.rotate", "api_keys.revoke"]));
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(rotated.key);
    expect(text).not.toContain(createHash("sha256").update(created.key).digest("hex"));
    expect(text).not.toContain(createHash("sha256").update(rotated.key).digest("hex"));
  });
});
