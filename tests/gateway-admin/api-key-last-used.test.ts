import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getKeyExport } from "@/app/api/v1/api-keys/[keyId]/route";
import { GET as listKeysExport, POST as createKeyExport } from "@/app/api/v1/api-keys/route";
import { startGatewayAdminHarness, type GatewayAdminHarness } from "./harness";

type KeyView = { id: string; lastUsedAt: string | null };
type Created = { apiKey: KeyView; key: string };

let harness: GatewayAdminHarness;
let adminToken: string;

beforeAll(async () => {
  harness = await startGatewayAdminHarness();
  adminToken = harness.seed.admin.token;
});

afterAll(async () => {
  await harness?.stop();
});

async function createKey(name: string): Promise<Created> {
  return harness.call<Created>(createKeyExport, "/api-keys", { token: adminToken, body: { name } });
}

/** Writes one gateway request-log row for the key, as the gateway's log writer would. */
async function logRequest(apiKeyId: string, createdAt: Date, workspaceId = harness.seed.workspace.id) {
  await harness.db.requestLog.create({
    data: { workspaceId, source: "gateway", apiKeyId, model: "qwen-chat", route: "support-chat", status: "ok", latencyMs: 12, createdAt },
  });
}

describe("API key last use", () => {
  it("is null before any request", async () => {
    const created = await createKey("Unused");

    const list = await harness.call<KeyView[]>(listKeysExport, "/api-keys", { token: adminToken });

    expect(list.find((key) => key.id === created.apiKey.id)?.lastUsedAt).toBeNull();
  });

  it("is the latest logged request", async () => {
    const used = await createKey("Used");
    const other = await createKey("Other");
    await logRequest(used.apiKey.id, new Date("2026-03-01T08:00:00Z"));
    await logRequest(used.apiKey.id, new Date("2026-03-02T09:30:00Z"));
    await logRequest(used.apiKey.id, new Date("2026-02-27T10:00:00Z"));
    await logRequest(other.apiKey.id, new Date("2026-03-05T12:00:00Z"));

    const list = await harness.call<KeyView[]>(listKeysExport, "/api-keys", { token: adminToken });
    const single = await harness.call<KeyView>(getKeyExport, `/api-keys/${used.apiKey.id}`, { token: adminToken, params: { keyId: used.apiKey.id } });

    expect(list.find((key) => key.id === used.apiKey.id)?.lastUsedAt).toBe("2026-03-02T09:30:00.000Z");
    expect(list.find((key) => key.id === other.apiKey.id)?.lastUsedAt).toBe("2026-03-05T12:00:00.000Z");
    expect(single.lastUsedAt).toBe("2026-03-02T09:30:00.000Z");
  });

  it("ignores rows of other workspaces", async () => {
    const created = await createKey("Isolated");
    const otherWorkspace = await harness.db.workspace.create({ data: { slug: `other-${Date.now()}`, name: "Other workspace" } });
    await logRequest(created.apiKey.id, new Date("2026-04-01T00:00:00Z"), otherWorkspace.id);

    const single = await harness.call<KeyView>(getKeyExport, `/api-keys/${created.apiKey.id}`, { token: adminToken, params: { keyId: created.apiKey.id } });

    expect(single.lastUsedAt).toBeNull();
  });
});
