import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as detailExport } from "@/app/api/v1/request-logs/[id]/route";
import { GET as listExport } from "@/app/api/v1/request-logs/route";
import { GET as summaryExport } from "@/app/api/v1/request-logs/summary/route";
import { apiRequest, createMember, handlerFor, readData, readJson, seedWorkspace, withParams, type ErrorBody } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { createKeyRow, createModelRow, gatewayEntry, minutesFrom, writeEntries } from "./dashboard-fixtures";

let database: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let otherAdminToken: string;
let ids: { storingKey: string; plainKey: string; deployment: string };
let rowIds: Record<"stored" | "cached" | "failed" | "playground", string>;

type Row = { id: string; requestId: string | null; apiKeyName: string | null; apiKeyPrefix: string | null; providerName: string | null; attempts: number; fallbackUsed: boolean; canary: boolean; cacheHit: boolean; route: string | null };

const START = new Date(Date.UTC(2026, 2, 10, 8));

async function list(query: string, token = seed.viewer.token): Promise<Row[]> {
  return readData<Row[]>(await handlerFor(listExport, database.db)(apiRequest(`/request-logs?limit=200&${query}`, { token })), listExport);
}

const requestIdsOf = (rows: Row[]) => rows.map((row) => row.requestId);

function getDetail(id: string, token = seed.viewer.token) {
  return handlerFor(detailExport, database.db)(apiRequest(`/request-logs/${id}`, { token }), withParams({ id }));
}

beforeAll(async () => {
  database = await startTestDatabase();
  seed = await seedWorkspace(database.db);
  const ws = seed.workspace.id;
  const storingKey = await createKeyRow(database.db, ws, "support bot", { storeContent: true });
  const plainKey = await createKeyRow(database.db, ws, "search");
  const model = await createModelRow(database.db, ws, "DeepSeek", "deepseek-chat", "CNY");
  const deployment = await database.db.deployment.create({ data: { workspaceId: ws, name: "support", targets: [{ modelId: model.id, weight: 1 }] } });
  ids = { storingKey: storingKey.id, plainKey: plainKey.id, deployment: deployment.id };
  const target = { modelId: model.id, providerId: model.providerId, model: "deepseek-chat" };

  await writeEntries(database.db, [
    gatewayEntry(ws, START, {
      ...target,
      apiKeyId: storingKey.id,
      route: "support",
      deploymentId: deployment.id,
      latencyMs: 1200,
      ttftMs: 300,
      attempts: 3,
      fallbackUsed: true,
      requestId: "req-stored",
      inputTokens: 12,
      outputTokens: 4,
      cost: 0.0001,
      currency: "CNY",
      content: { messages: [{ role: "user", content: "我的手机号是 [手机号]" }], answer: "好的" },
    }),
    gatewayEntry(ws, minutesFrom(START, 1), { ...target, apiKeyId: plainKey.id, route: "chat", cacheHit: true, latencyMs: 5, requestId: "req-cached" }),
    gatewayEntry(ws, minutesFrom(START, 2), { ...target, apiKeyId: plainKey.id, route: "chat", status: "error", errorCode: "timeout", errorMessage: "Timed out after 3 s", latencyMs: 3000, canary: true, requestId: "req-failed" }),
    gatewayEntry(ws, minutesFrom(START, 3), { ...target, source: "playground", userId: seed.admin.id, latencyMs: 800, requestId: "req-playground" }),
  ]);

  const rows = await database.db.requestLog.findMany({ where: { workspaceId: ws }, select: { id: true, requestId: true } });
  const idOf = (requestId: string) => rows.find((row) => row.requestId === requestId)!.id.toString();
  rowIds = { stored: idOf("req-stored"), cached: idOf("req-cached"), failed: idOf("req-failed"), playground: idOf("req-playground") };

  const other = await database.db.workspace.create({ data: { slug: "other", name: "Other" } });
  otherAdminToken = (await createMember(database.db, other.id, "other-admin@example.com", "admin")).token;
});

afterAll(async () => {
  await database.stop();
});

describe("request log search", () => {
  it("filters by key and route", async () => {
    expect(requestIdsOf(await list(`apiKeyId=${ids.storingKey}`))).toEqual(["req-stored"]);
    expect(requestIdsOf(await list("route=chat"))).toEqual(["req-failed", "req-cached"]);
  });

  it("filters by cache hit", async () => {
    expect(requestIdsOf(await list("cacheHit=true"))).toEqual(["req-cached"]);
    expect(requestIdsOf(await list("cacheHit=false"))).toEqual(["req-playground", "req-failed", "req-stored"]);
  });

  it("filters errors only", async () => {
    expect(requestIdsOf(await list("errorsOnly=true"))).toEqual(["req-failed"]);
    expect(await list("errorsOnly=true&status=ok")).toEqual([]);
  });

  it("filters by latency and request id", async () => {
    expect(requestIdsOf(await list("minLatencyMs=1000"))).toEqual(["req-failed", "req-stored"]);
    expect(requestIdsOf(await list("requestId=req-cached"))).toEqual(["req-cached"]);
  });

  it("combines filters with time range", async () => {
    const from = minutesFrom(START, 1).toISOString();
    expect(requestIdsOf(await list(`source=gateway&from=${from}&minLatencyMs=10`))).toEqual(["req-failed"]);
  });

  it("labels rows with key and provider", async () => {
    const [row] = await list("requestId=req-stored");
    expect(row).toMatchObject({ apiKeyName: "support bot", providerName: "DeepSeek", attempts: 3, fallbackUsed: true, canary: false, cacheHit: false, route: "support" });
    expect(row!.apiKeyPrefix).toMatch(/^lk-.{8}$/);
    expect(row).not.toHaveProperty("content");
    expect(JSON.stringify(row)).not.toContain("keyHash");
  });

  it("rejects invalid filters", async () => {
    for (const query of ["cacheHit=yes", "errorsOnly=1", "minLatencyMs=-1", "minLatencyMs=fast"]) {
      const response = await handlerFor(listExport, database.db)(apiRequest(`/request-logs?${query}`, { token: seed.viewer.token }));
      expect(response.status, query).toBe(400);
    }
  });

  it("sums up with the new filters", async () => {
    const summary = await readData<{ requests: number; errors: number }>(
      await handlerFor(summaryExport, database.db)(apiRequest("/request-logs/summary?route=chat", { token: seed.viewer.token })),
      summaryExport,
    );
    expect(summary).toMatchObject({ requests: 2, errors: 1 });
  });

  it("shows nothing of other workspaces", async () => {
    expect(await list("", otherAdminToken)).toEqual([]);
  });
});

describe("GET /api/v1/request-logs/{id}", () => {
  it("returns stored content to a viewer", async () => {
    const detail = await readData<{ content: { messages: unknown; answer: string | null } | null; deploymentName: string | null; ttftMs: number; latencyMs: number; cost: number }>(
      await getDetail(rowIds.stored),
      detailExport,
    );
    expect(detail.deploymentName).toBe("support");
    expect(detail.content).toEqual({ messages: [{ role: "user", content: "我的手机号是 [手机号]" }], answer: "好的" });
    expect(detail).toMatchObject({ ttftMs: 300, latencyMs: 1200, cost: 0.0001 });
  });

  it("returns null content when not stored", async () => {
    const detail = await readData<{ content: unknown; cacheHit: boolean }>(await getDetail(rowIds.cached), detailExport);
    expect(detail.content).toBeNull();
    expect(detail.cacheHit).toBe(true);
  });

  it("returns the error of a failed call", async () => {
    const detail = await readData<{ status: string; errorCode: string; errorMessage: string; canary: boolean }>(await getDetail(rowIds.failed), detailExport);
    expect(detail).toMatchObject({ status: "error", errorCode: "timeout", errorMessage: "Timed out after 3 s", canary: true });
  });

  it("hides calls of other workspaces", async () => {
    const response = await getDetail(rowIds.stored, otherAdminToken);
    expect(response.status).toBe(404);
    const body = await readJson<ErrorBody & { error: { reason?: string } }>(response);
    expect(body.error.reason).toBe("usage.request_log_not_found");
    expect(JSON.stringify(body)).not.toContain("手机号");
  });

  it("rejects a malformed or unknown id", async () => {
    expect((await getDetail("abc")).status).toBe(400);
    expect((await getDetail("99999999999999999999")).status).toBe(400);
    expect((await getDetail("999999999")).status).toBe(404);
  });

  it("requires authentication", async () => {
    const response = await handlerFor(detailExport, database.db)(apiRequest(`/request-logs/${rowIds.stored}`), withParams({ id: rowIds.stored }));
    expect(response.status).toBe(401);
  });
});
