import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayLogEntry } from "@/lib/gateway/contracts";
import { writeRequestLogs, writeRequestLogsWithPool } from "@/lib/usage/log-writer";
import { recordRequestLog, type RequestLogEntry } from "@/lib/usage/request-log";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { gatewayLogEntry } from "../helpers/log-entries";

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database.stop();
});

function gatewayEntry(workspaceId: string, overrides: Partial<GatewayLogEntry> = {}): GatewayLogEntry {
  return gatewayLogEntry({
    workspaceId,
    stream: true,
    requestId: "req",
    attempts: 2,
    fallbackUsed: true,
    queryHash: "hash-1",
    queryText: "hello [EMAIL]",
    content: { messages: [{ role: "user", content: "hello [EMAIL]" }], answer: "hi" },
    createdAt: new Date("2026-12-05T08:30:00.000Z"),
    ...overrides,
  });
}

describe("writeRequestLogs", () => {
  it("inserts rows with gateway columns", async () => {
    await writeRequestLogs(database.db, [gatewayEntry("ws-cols"), gatewayEntry("ws-cols", { content: null, queryText: null, errorMessage: "x".repeat(900) })]);

    const rows = await database.db.requestLog.findMany({ where: { workspaceId: "ws-cols" }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ deploymentId: "dep-1", attempts: 2, fallbackUsed: true, queryHash: "hash-1", route: "chat", stream: true });
    expect(rows[0]!.createdAt.toISOString()).toBe("2026-12-05T08:30:00.000Z");
    expect(rows[0]!.content).toEqual({ messages: [{ role: "user", content: "hello [EMAIL]" }], answer: "hi" });
    expect(rows[1]!.content).toBeNull();
    expect(rows[1]!.errorMessage).toHaveLength(500);
  });

  it("writes usage and query roll-ups", async () => {
    await writeRequestLogs(database.db, [gatewayEntry("ws-roll"), gatewayEntry("ws-roll", { queryText: null }), gatewayEntry("ws-roll", { status: "error", queryHash: "hash-2", queryText: null })]);

    const rollups = await database.db.usageRollup.findMany({ where: { workspaceId: "ws-roll", granularity: { in: ["minute", "hour", "day"] } } });
    expect(rollups.map((row) => row.granularity).sort()).toEqual(["day", "hour", "minute"]);
    for (const row of rollups) expect(row).toMatchObject({ requests: 3, errors: 1, apiKeyId: "key-1", route: "chat", currency: "USD" });

    const summary = await database.db.usageRollup.findMany({ where: { workspaceId: "ws-roll", granularity: "hour_source" } });
    expect(summary).toMatchObject([{ requests: 3, errors: 1, apiKeyId: "", route: "", modelId: "", currency: "USD" }]);

    const queries = await database.db.queryRollup.findMany({ where: { workspaceId: "ws-roll" }, orderBy: { queryHash: "asc" } });
    expect(queries.map((row) => [row.queryHash, row.count, row.text])).toEqual([
      ["hash-1", 2, "hello [EMAIL]"],
      ["hash-2", 1, ""],
    ]);
  });

  it("leaves nothing behind when a batch fails", async () => {
    // A roll-up row one request away from the int4 maximum makes the upsert fail after the insert ran.
    const entry = gatewayEntry("ws-atomic");
    await writeRequestLogs(database.db, [entry]);
    await database.db.usageRollup.updateMany({ where: { workspaceId: "ws-atomic", granularity: "minute" }, data: { requests: 2_147_483_647 } });

    await expect(writeRequestLogs(database.db, [gatewayEntry("ws-atomic", { requestId: "second" }), gatewayEntry("ws-atomic", { requestId: "third" })])).rejects.toThrow();

    expect(await database.db.requestLog.count({ where: { workspaceId: "ws-atomic" } })).toBe(1);
    const hour = await database.db.usageRollup.findFirstOrThrow({ where: { workspaceId: "ws-atomic", granularity: "hour" } });
    expect(hour.requests).toBe(1);
    const query = await database.db.queryRollup.findFirstOrThrow({ where: { workspaceId: "ws-atomic" } });
    expect(query.count).toBe(1);
  });

  it("accepts an empty batch", async () => {
    await expect(writeRequestLogs(database.db, [])).resolves.toBeUndefined();
  });

  it("writes a large batch", async () => {
    const entries = Array.from({ length: 2_000 }, (_, index) => gatewayEntry("ws-large", { requestId: `r-${index}`, apiKeyId: `key-${index % 7}` }));
    await writeRequestLogs(database.db, entries);
    expect(await database.db.requestLog.count({ where: { workspaceId: "ws-large" } })).toBe(2_000);
    const days = await database.db.usageRollup.findMany({ where: { workspaceId: "ws-large", granularity: "day" } });
    expect(days).toHaveLength(7);
    expect(days.reduce((sum, row) => sum + row.requests, 0)).toBe(2_000);
  });
});

describe("writeRequestLogsWithPool", () => {
  let pool: pg.Pool;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
  });

  afterAll(async () => {
    await pool.end();
  });

  it("stores what the Prisma path stores", async () => {
    await writeRequestLogs(database.db, [gatewayEntry("ws-prisma")]);
    await writeRequestLogsWithPool(pool, [gatewayEntry("ws-pool")]);

    const [viaPrisma, viaPool] = await Promise.all(
      ["ws-prisma", "ws-pool"].map((workspaceId) => database.db.requestLog.findFirstOrThrow({ where: { workspaceId } })),
    );
    const comparable = (row: typeof viaPrisma) => ({ ...row, id: null, workspaceId: null });
    expect(comparable(viaPool)).toEqual(comparable(viaPrisma));

    const rollups = await database.db.usageRollup.findMany({ where: { workspaceId: "ws-pool" } });
    expect(rollups.map((row) => row.granularity).sort()).toEqual(["day", "hour", "hour_source", "minute"]);
    expect(await database.db.queryRollup.count({ where: { workspaceId: "ws-pool" } })).toBe(1);
  });

  it("keeps Chinese text, emoji and quotes intact in the binary jsonb parameters", async () => {
    const text = '帮我查一下北京明天的天气 "引号" \\ 🌤️';
    await writeRequestLogsWithPool(pool, [gatewayEntry("ws-pool-text", { queryText: text, content: { messages: [{ role: "user", content: text }], answer: "好的" }, errorMessage: text })]);

    const row = await database.db.requestLog.findFirstOrThrow({ where: { workspaceId: "ws-pool-text" } });
    expect(row.content).toEqual({ messages: [{ role: "user", content: text }], answer: "好的" });
    expect(row.errorMessage).toBe(text);
    const query = await database.db.queryRollup.findFirstOrThrow({ where: { workspaceId: "ws-pool-text" } });
    expect(query.text).toBe(text);
  });

  it("rolls back a failed batch and keeps the pool usable", async () => {
    await writeRequestLogsWithPool(pool, [gatewayEntry("ws-pool-atomic")]);
    await database.db.usageRollup.updateMany({ where: { workspaceId: "ws-pool-atomic", granularity: "minute" }, data: { requests: 2_147_483_647 } });

    await expect(writeRequestLogsWithPool(pool, [gatewayEntry("ws-pool-atomic", { requestId: "second" })])).rejects.toThrow();
    expect(await database.db.requestLog.count({ where: { workspaceId: "ws-pool-atomic" } })).toBe(1);

    await writeRequestLogsWithPool(pool, [gatewayEntry("ws-pool-after")]);
    expect(await database.db.requestLog.count({ where: { workspaceId: "ws-pool-after" } })).toBe(1);
  });
});

describe("recordRequestLog", () => {
  it("returns the row and adds roll-ups", async () => {
    const entry: RequestLogEntry = {
      workspaceId: "ws-playground",
      source: "playground",
      userId: "user-1",
      providerId: "prov-1",
      modelId: "model-1",
      model: "gpt-test",
      status: "ok",
      httpStatus: 200,
      errorCode: null,
      errorMessage: null,
      inputTokens: 3.4,
      outputTokens: 5,
      usageEstimated: false,
      ttftMs: 10.6,
      latencyMs: 30,
      cost: 0.5,
      currency: "CNY",
      stream: false,
      experimentId: null,
      promptVersionId: null,
      requestId: null,
    };
    const row = await recordRequestLog(database.db, entry);
    expect(row).toMatchObject({ workspaceId: "ws-playground", source: "playground", inputTokens: 3, ttftMs: 11, attempts: 1, deploymentId: null });
    expect(Number(row.cost)).toBe(0.5);

    const day = await database.db.usageRollup.findFirstOrThrow({ where: { workspaceId: "ws-playground", granularity: "day" } });
    expect(day).toMatchObject({ source: "playground", apiKeyId: "", route: "", currency: "CNY", requests: 1 });
    expect(day.bucket.toISOString()).toBe(`${row.createdAt.toISOString().slice(0, 10)}T00:00:00.000Z`);
  });
});
