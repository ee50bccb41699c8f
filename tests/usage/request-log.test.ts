import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listExport } from "@/app/api/v1/request-logs/route";
import { GET as summaryExport } from "@/app/api/v1/request-logs/summary/route";
import { chatCompletion } from "@/lib/llm/client";
import type { ChatRequest } from "@/lib/llm/types";
import { recordRequestLog, requestLogFromResult } from "@/lib/usage/request-log";
import { apiRequest, handlerFor, readData, seedWorkspace } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { targetFor } from "../llm/target";

let database: TestDatabase;
let fake: FakeOpenAi;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;

const hello: ChatRequest = { messages: [{ role: "user", content: "hello there" }], params: {} };

/** Makes one real call against the fake server and records it as the given source. */
async function callAndRecord(model: string, source: "playground" | "experiment", options: { cancelAfterFirstDelta?: boolean; experimentId?: string } = {}) {
  const target = { ...targetFor(fake.url, model), workspaceId: seed.workspace.id, modelId: `id-${model}` };
  const controller = new AbortController();
  let outcome: unknown;
  try {
    outcome = await chatCompletion(target, hello, { signal: controller.signal, onDelta: () => (options.cancelAfterFirstDelta ? controller.abort() : undefined) });
  } catch (error) {
    outcome = error;
  }
  const entry = requestLogFromResult(target, outcome, { source, userId: seed.admin.id, stream: true, experimentId: options.experimentId ?? null });
  return recordRequestLog(database.db, entry);
}

beforeAll(async () => {
  database = await startTestDatabase();
  seed = await seedWorkspace(database.db);
  fake = await startFakeOpenAi();
});

afterAll(async () => {
  await fake.close();
  await database.stop();
});

describe("request log entries", () => {
  it("records a successful call", async () => {
    const row = await callAndRecord("fake-chat", "playground");
    expect(row).toMatchObject({ status: "ok", errorCode: null, httpStatus: 200, usageEstimated: false, currency: "USD", stream: true, model: "fake-chat" });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.ttftMs).not.toBeNull();
    expect(Number(row.cost)).toBeCloseTo((row.inputTokens * 2 + row.outputTokens * 8) / 1e6, 8);
  });

  it("records a failed call", async () => {
    const row = await callAndRecord("fail-500", "experiment", { experimentId: "exp-1" });
    expect(row).toMatchObject({ status: "error", errorCode: "upstream_status", httpStatus: 500, inputTokens: 0, outputTokens: 0, experimentId: "exp-1" });
    expect(row.errorMessage).toContain("HTTP 500");
  });

  it("records a cancelled call with counted tokens", async () => {
    const row = await callAndRecord("no-usage", "playground", { cancelAfterFirstDelta: true });
    expect(row).toMatchObject({ status: "cancelled", errorCode: "cancelled", usageEstimated: true });
    expect(row.outputTokens).toBeGreaterThan(0);
  });

  it("records an unexpected failure as internal", () => {
    const entry = requestLogFromResult(targetFor(fake.url, "x"), new TypeError("boom"), { source: "gateway", userId: null, stream: false });
    expect(entry).toMatchObject({ status: "error", errorCode: "internal", errorMessage: "Internal error while calling the model" });
  });
});

describe("GET /api/v1/request-logs", () => {
  function listHandler() {
    return handlerFor(listExport, database.db);
  }

  it("filters by source, status and model", async () => {
    const all = await readData<Array<{ id: string; source: string }>>(await listHandler()(apiRequest("/request-logs", { token: seed.viewer.token })), listExport);
    expect(all.length).toBe(3);
    expect(Number(all[0]!.id)).toBeGreaterThan(Number(all[1]!.id));

    const experiments = await readData<Array<{ source: string }>>(await listHandler()(apiRequest("/request-logs?source=experiment", { token: seed.viewer.token })), listExport);
    expect(experiments.map((row) => row.source)).toEqual(["experiment"]);

    const cancelled = await readData<Array<{ status: string }>>(await listHandler()(apiRequest("/request-logs?status=cancelled", { token: seed.viewer.token })), listExport);
    expect(cancelled.map((row) => row.status)).toEqual(["cancelled"]);

    const byModel = await readData<Array<{ model: string }>>(await listHandler()(apiRequest("/request-logs?model=FAIL", { token: seed.viewer.token })), listExport);
    expect(byModel.map((row) => row.model)).toEqual(["fail-500"]);
  });

  it("pages with a cursor", async () => {
    const first = await listHandler()(apiRequest("/request-logs?limit=2", { token: seed.viewer.token }));
    const page = (await first.json()) as { data: Array<{ id: string }>; nextCursor: string };
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).toBe(page.data[1]!.id);

    const second = (await (await listHandler()(apiRequest(`/request-logs?limit=2&before=${page.nextCursor}`, { token: seed.viewer.token }))).json()) as {
      data: Array<{ id: string }>;
      nextCursor: string | null;
    };
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  it("filters by date range", async () => {
    const future = await readData<unknown[]>(await listHandler()(apiRequest("/request-logs?from=2999-01-01", { token: seed.viewer.token })), listExport);
    expect(future).toEqual([]);
    const bad = await listHandler()(apiRequest("/request-logs?from=yesterday", { token: seed.viewer.token }));
    expect(bad.status).toBe(400);
  });

  it("hides other workspaces' calls", async () => {
    const other = await database.db.workspace.create({ data: { slug: "other", name: "Other" } });
    await recordRequestLog(database.db, {
      ...requestLogFromResult(targetFor(fake.url, "secret-model"), new TypeError("x"), { source: "gateway", userId: null, stream: false }),
      workspaceId: other.id,
    });
    const rows = await readData<Array<{ model: string }>>(await listHandler()(apiRequest("/request-logs?limit=200", { token: seed.viewer.token })), listExport);
    expect(rows.map((row) => row.model)).not.toContain("secret-model");
  });
});

describe("GET /api/v1/request-logs/summary", () => {
  it("totals tokens, statuses and cost per currency", async () => {
    const rows = await database.db.requestLog.findMany({ where: { workspaceId: seed.workspace.id } });
    const summary = await readData<{ requests: number; ok: number; errors: number; cancelled: number; inputTokens: number; estimatedRequests: number; costs: Array<{ currency: string; cost: number }> }>(
      await handlerFor(summaryExport, database.db)(apiRequest("/request-logs/summary", { token: seed.viewer.token })),
      summaryExport,
    );
    expect(summary).toMatchObject({ requests: 3, ok: 1, errors: 1, cancelled: 1, estimatedRequests: 1 });
    expect(summary.inputTokens).toBe(rows.reduce((sum, row) => sum + row.inputTokens, 0));
    expect(summary.costs).toHaveLength(1);
    expect(summary.costs[0]!.currency).toBe("USD");
    expect(summary.costs[0]!.cost).toBeCloseTo(rows.reduce((sum, row) => sum + Number(row.cost ?? 0), 0), 8);

    const filtered = await readData<{ requests: number }>(
      await handlerFor(summaryExport, database.db)(apiRequest("/request-logs/summary?source=experiment", { token: seed.viewer.token })),
      summaryExport,
    );
    expect(filtered.requests).toBe(1);
  });
});
