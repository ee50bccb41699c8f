import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayLogEntry } from "@/lib/gateway/contracts";
import { histogramQuantile, LATENCY_SLOTS, latencySlot } from "@/lib/usage/latency-histogram";
import type { RequestLogEntry } from "@/lib/usage/request-log";
import { bucketStart, queryRollupsOf, rollupsOf, upsertQueryRollups, upsertRollups, type RollupRow } from "@/lib/usage/rollup";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { gatewayLogEntry } from "../helpers/log-entries";

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database.stop();
});

function gatewayEntry(overrides: Partial<GatewayLogEntry> = {}): GatewayLogEntry {
  return gatewayLogEntry({
    workspaceId: "ws-1",
    ttftMs: 50,
    latencyMs: 100,
    cost: 0.001,
    requestId: "req-1",
    createdAt: new Date("2026-12-05T10:15:30.000Z"),
    ...overrides,
  });
}

function rowsOf(rows: RollupRow[], granularity: RollupRow["granularity"]) {
  return rows.filter((row) => row.granularity === granularity);
}

describe("rollupsOf", () => {
  it("buckets by UTC minute, hour and day", () => {
    const rows = rollupsOf([gatewayEntry()]);
    expect(rows).toHaveLength(4);
    expect(rowsOf(rows, "minute")[0]!.bucket.toISOString()).toBe("2026-12-05T10:15:00.000Z");
    expect(rowsOf(rows, "hour")[0]!.bucket.toISOString()).toBe("2026-12-05T10:00:00.000Z");
    expect(rowsOf(rows, "day")[0]!.bucket.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(rowsOf(rows, "hour_source")[0]!.bucket.toISOString()).toBe("2026-12-05T10:00:00.000Z");
  });

  it("sums hour_source rows per source", () => {
    const entries = [
      gatewayEntry({ apiKeyId: "key-1", route: "a", inputTokens: 5 }),
      gatewayEntry({ apiKeyId: "key-2", route: "b", inputTokens: 7 }),
      gatewayEntry({ source: "playground", apiKeyId: null, route: null, inputTokens: 11 }),
    ];
    const summary = rowsOf(rollupsOf(entries), "hour_source");

    expect(summary.map((row) => [row.source, row.apiKeyId, row.route, row.modelId, row.model, row.requests, row.inputTokens])).toEqual([
      ["gateway", "", "", "", "", 2, 12],
      ["playground", "", "", "", "", 1, 11],
    ]);
  });

  it("sums counts, tokens and costs", () => {
    const entries = [
      gatewayEntry({ cost: 0.1, inputTokens: 5, outputTokens: 7 }),
      gatewayEntry({ cost: 0.2, inputTokens: 6, outputTokens: 8, status: "error", ttftMs: null }),
      gatewayEntry({ cost: null, inputTokens: 1, outputTokens: 0, cacheHit: true, status: "cancelled" }),
    ];
    const [day] = rowsOf(rollupsOf(entries), "day");
    expect(day).toMatchObject({ requests: 3, errors: 1, cacheHits: 1, inputTokens: 12, outputTokens: 15, latencySumMs: 300, ttftSumMs: 100, ttftCount: 2 });
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; the sum is kept at the column's 8 decimals.
    expect(day!.cost).toBe(0.3);
  });

  it("separates dimensions and currencies", () => {
    const entries = [
      gatewayEntry(),
      gatewayEntry({ currency: "CNY" }),
      gatewayEntry({ apiKeyId: "key-2" }),
      gatewayEntry({ route: null, modelId: null, apiKeyId: null, currency: null }),
      gatewayEntry({ source: "playground" }),
      gatewayEntry({ workspaceId: "ws-2" }),
    ];
    const days = rowsOf(rollupsOf(entries), "day");
    expect(days).toHaveLength(6);
    const none = days.find((row) => row.apiKeyId === "");
    expect(none).toMatchObject({ route: "", modelId: "", currency: "", requests: 1 });
  });

  it("splits buckets at the UTC boundaries", () => {
    const entries = [
      gatewayEntry({ createdAt: new Date("2026-12-05T23:59:59.999Z") }),
      gatewayEntry({ createdAt: new Date("2026-12-06T00:00:00.000Z") }),
    ];
    const rows = rollupsOf(entries);
    expect(rowsOf(rows, "minute")).toHaveLength(2);
    expect(rowsOf(rows, "hour")).toHaveLength(2);
    expect(rowsOf(rows, "day").map((row) => row.bucket.toISOString())).toEqual(["2026-12-05T00:00:00.000Z", "2026-12-06T00:00:00.000Z"]);
  });

  it("counts entries without createdAt at now", () => {
    const entry: RequestLogEntry = { ...gatewayEntry(), source: "playground" };
    delete (entry as Partial<GatewayLogEntry>).createdAt;
    const rows = rollupsOf([entry], new Date("2027-01-01T00:00:10.000Z"));
    expect(rowsOf(rows, "day")[0]!.bucket.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("fills latency histograms for percentiles", () => {
    const latencies = Array.from({ length: 100 }, (_, index) => (index + 1) * 10);
    const [day] = rowsOf(rollupsOf(latencies.map((latencyMs) => gatewayEntry({ latencyMs }))), "day");
    expect(day!.latencyHist).toHaveLength(LATENCY_SLOTS);
    expect(day!.latencyHist.reduce((sum, count) => sum + count, 0)).toBe(100);
    expect(day!.latencyHist[latencySlot(10)]).toBeGreaterThan(0);

    // Buckets are about 25% wide, so a percentile read from them is within a quarter of the true value.
    const p95 = histogramQuantile(day!.latencyHist, 0.95)!;
    expect(p95).toBeGreaterThan(950 * 0.75);
    expect(p95).toBeLessThan(950 * 1.25);
    const p50 = histogramQuantile(day!.latencyHist, 0.5)!;
    expect(p50).toBeGreaterThan(500 * 0.75);
    expect(p50).toBeLessThan(500 * 1.25);
  });

  it("returns rows sorted by key", () => {
    const rows = rollupsOf([gatewayEntry({ apiKeyId: "b" }), gatewayEntry({ apiKeyId: "a" })]);
    const days = rowsOf(rows, "day");
    expect(days.map((row) => row.apiKeyId)).toEqual(["a", "b"]);
  });
});

describe("queryRollupsOf", () => {
  it("counts per day and hash", () => {
    const rows = queryRollupsOf([
      gatewayEntry({ queryHash: "h1", queryText: null }),
      gatewayEntry({ queryHash: "h1", queryText: "what is the [PHONE] for" }),
      gatewayEntry({ queryHash: "h2" }),
      gatewayEntry({ queryHash: "h1", createdAt: new Date("2026-12-06T01:00:00.000Z") }),
      gatewayEntry({ queryHash: null }),
    ]);
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.queryHash === "h1" && row.day.toISOString().startsWith("2026-12-05"))).toMatchObject({ count: 2, text: "what is the [PHONE] for" });
    expect(rows.find((row) => row.queryHash === "h2")).toMatchObject({ count: 1, text: "" });
  });

  it("skips entries without a query hash", () => {
    const entry: RequestLogEntry = { ...gatewayEntry(), source: "playground" };
    expect(queryRollupsOf([entry])).toEqual([]);
  });
});

describe("upsertRollups", () => {
  it("inserts rows and adds to existing ones", async () => {
    const entries = [gatewayEntry({ workspaceId: "ws-upsert", latencyMs: 5, cost: 0.12345678 }), gatewayEntry({ workspaceId: "ws-upsert", latencyMs: 2000 })];
    await upsertRollups(database.db, rollupsOf(entries));
    await upsertRollups(database.db, rollupsOf([gatewayEntry({ workspaceId: "ws-upsert", latencyMs: 5, status: "error", cost: 0.00000001 })]));

    const stored = await database.db.usageRollup.findMany({ where: { workspaceId: "ws-upsert" }, orderBy: { granularity: "asc" } });
    expect(stored.map((row) => row.granularity).sort()).toEqual(["day", "hour", "hour_source", "minute"]);
    for (const row of stored) {
      expect(row.requests).toBe(3);
      expect(row.errors).toBe(1);
      expect(Number(row.inputTokens)).toBe(30);
      expect(row.cost.toString()).toBe("0.12445679");
      expect(Number(row.latencySumMs)).toBe(2010);
      expect(row.latencyHist[latencySlot(5)]).toBe(2);
      expect(row.latencyHist[latencySlot(2000)]).toBe(1);
      expect(row.latencyHist.reduce((sum, count) => sum + count, 0)).toBe(3);
    }
    const day = stored.find((row) => row.granularity === "day")!;
    expect(day.bucket.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(day.model).toBe("gpt-test");
  });

  it("adds histograms of different lengths", async () => {
    const [row] = rowsOf(rollupsOf([gatewayEntry({ workspaceId: "ws-hist" })]), "day");
    await upsertRollups(database.db, [{ ...row!, latencyHist: [1, 2] }]);
    await upsertRollups(database.db, [{ ...row!, latencyHist: [1, 1, 1, 4] }]);
    const stored = await database.db.usageRollup.findFirstOrThrow({ where: { workspaceId: "ws-hist" } });
    expect(stored.latencyHist).toEqual([2, 3, 1, 4]);
  });

  it("merges duplicate rows in one batch", async () => {
    const [row] = rowsOf(rollupsOf([gatewayEntry({ workspaceId: "ws-dup" })]), "day");
    await upsertRollups(database.db, [row!, row!]);
    const stored = await database.db.usageRollup.findFirstOrThrow({ where: { workspaceId: "ws-dup" } });
    expect(stored.requests).toBe(2);
    expect(stored.latencyHist.reduce((sum, count) => sum + count, 0)).toBe(2);
  });

  it("does nothing for an empty batch", async () => {
    await expect(upsertRollups(database.db, [])).resolves.toBeUndefined();
  });
});

describe("upsertQueryRollups", () => {
  it("adds counts and keeps the first text", async () => {
    const day = bucketStart(new Date("2026-12-05T10:00:00.000Z"), "day");
    await upsertQueryRollups(database.db, [{ workspaceId: "ws-q", day, queryHash: "h", text: "", count: 2 }]);
    await upsertQueryRollups(database.db, [{ workspaceId: "ws-q", day, queryHash: "h", text: "masked text", count: 1 }]);
    await upsertQueryRollups(database.db, [{ workspaceId: "ws-q", day, queryHash: "h", text: "other text", count: 4 }]);

    const stored = await database.db.queryRollup.findMany({ where: { workspaceId: "ws-q" } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.count).toBe(7);
    expect(stored[0]!.text).toBe("masked text");
    expect(stored[0]!.day.toISOString()).toBe("2026-12-05T00:00:00.000Z");
  });
});
