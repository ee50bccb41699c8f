import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/gateway/key-secret";
import { sealApiKey } from "@/lib/providers/secrets";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";
import { FAKE_PROVIDER_KEY, TEST_ENCRYPTION_KEY, type OpenAiErrorBody } from "./gateway-harness";

/** Two real gateway processes (gateway/server.ts) sharing one database, as two replicas behind a load balancer. */

const RPM_LIMIT = 10;

let database: TestDatabase;
let fake: FakeOpenAi;
const gateways: Array<{ process: TsxProcess; url: string }> = [];
let workspaceId: string;

async function createKey(rpmLimit: number | null) {
  const generated = generateApiKey();
  const row = await database.db.apiKey.create({
    data: { workspaceId, name: `key-${generated.prefix}`, prefix: generated.prefix, keyHash: generated.keyHash, rpmLimit },
  });
  return { key: generated.key, id: row.id };
}

function chat(url: string, apiKey: string, content: string) {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "chat", messages: [{ role: "user", content }] }),
  });
}

beforeAll(async () => {
  process.env.LUODI_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
  database = await startTestDatabase();
  fake = await startFakeOpenAi({ apiKey: FAKE_PROVIDER_KEY, chunkDelayMs: 5 });

  const { db } = database;
  const workspace = await db.workspace.create({ data: { slug: "replicas", name: "Replicas" } });
  workspaceId = workspace.id;
  await db.networkAllowRule.create({ data: { workspaceId, pattern: "127.0.0.1" } });
  const provider = await db.provider.create({ data: { workspaceId, name: "Fake", kind: "openai-compatible", baseUrl: fake.url, ...sealApiKey(FAKE_PROVIDER_KEY) } });
  const model = await db.providerModel.create({ data: { workspaceId, providerId: provider.id, name: "fake-chat", capabilities: ["chat"] } });
  await db.deployment.create({ data: { workspaceId, name: "chat", targets: [{ modelId: model.id, weight: 1 }], retries: 0 } });

  for (let index = 0; index < 2; index++) {
    const port = await findFreePort();
    const child = startTsxProcess("gateway/server.ts", {
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      LUODI_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      LUODI_GATEWAY_REFRESH_MS: "200",
    });
    gateways.push({ process: child, url: `http://127.0.0.1:${port}` });
  }
  for (const gateway of gateways) await gateway.process.waitForOutput(/"gateway\.config_loaded"/);
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.process.stop("SIGKILL");
  await fake?.close();
  await database?.stop();
});

/** Waits until the current UTC minute has at least 20 s left, so a burst stays inside one RPM window. */
async function waitForRoomInMinute(): Promise<void> {
  const secondsIntoMinute = (Date.now() % 60_000) / 1000;
  if (secondsIntoMinute > 40) await new Promise((resolve) => setTimeout(resolve, (60 - secondsIntoMinute) * 1000 + 100));
}

describe("two gateway processes", () => {
  it("share one RPM limit", async () => {
    const { key } = await createKey(RPM_LIMIT);
    await waitForRoomInMinute();

    const requests = Array.from({ length: 3 * RPM_LIMIT }, (_, index) => chat(gateways[index % 2]!.url, key, `request ${index}`));
    const responses = await Promise.all(requests);

    const ok = responses.filter((response) => response.status === 200);
    const limited = responses.filter((response) => response.status === 429);
    expect(ok).toHaveLength(RPM_LIMIT);
    expect(limited).toHaveLength(2 * RPM_LIMIT);
    for (const response of limited) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      const { error } = (await response.json()) as OpenAiErrorBody;
      expect(error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    }
  });

  it("stops a revoked key on both", async () => {
    const { key, id } = await createKey(null);
    for (const gateway of gateways) expect((await chat(gateway.url, key, "still valid")).status).toBe(200);

    await database.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    for (const gateway of gateways) {
      await waitFor("the revocation to reach the gateway", async () => (await chat(gateway.url, key, "revoked?")).status === 401);
    }
  });

  it("writes buffered logs on SIGTERM", async () => {
    const { key, id } = await createKey(null);
    for (let index = 0; index < 4; index++) expect((await chat(gateways[index % 2]!.url, key, `last words ${index}`)).status).toBe(200);

    for (const gateway of gateways) expect(await gateway.process.stop("SIGTERM")).toBe(0);
    const rows = await database.db.requestLog.findMany({ where: { apiKeyId: id } });
    expect(rows).toHaveLength(4);
    for (const gateway of gateways) expect(gateway.process.output()).toContain('"gateway.stopped"');
  });
});
