import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBreakdown, getOverview, getSeries, getTopQueries, overviewQuerySchema, percentChange } from "@/lib/usage/dashboard-query";
import { dashboardViewSchema } from "@/lib/usage/dashboard-range";
import { emptyHistogram, histogramQuantile, latencySlot } from "@/lib/usage/latency-histogram";
import { seedWorkspace } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { createKeyRow, createModelRow, gatewayEntry, minutesFrom, writeEntries } from "./dashboard-fixtures";

let database: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let ids: { key1: string; key2: string; cnyModel: string; usdModel: string };

// 10:30 UTC on the "today" of these tests; entries are placed around it.
const NOW = new Date(Date.UTC(2026, 2, 10, 10, 30, 0));
const TODAY = new Date(Date.UTC(2026, 2, 10));
const YESTERDAY = new Date(Date.UTC(2026, 2, 9));
const TODAY_LATENCIES = [100, 2000, 300, 500];

const view = (query: Record<string, unknown>) => dashboardViewSchema.parse(query);

beforeAll(async () => {
  database = await startTestDatabase();
  seed = await seedWorkspace(database.db);
  const ws = seed.workspace.id;
  const key1 = await createKeyRow(database.db, ws, "客服, \"VIP\" key");
  const key2 = await createKeyRow(database.db, ws, "search");
  const cnyModel = await createModelRow(database.db, ws, "DeepSeek", "deepseek-chat", "CNY");
  const usdModel = await createModelRow(database.db, ws, "OpenAI", "gpt-4o-mini", "USD");
  ids = { key1: key1.id, key2: key2.id, cnyModel: cnyModel.id, usdModel: usdModel.id };

  const cny = { modelId: cnyModel.id, model: "deepseek-chat", providerId: cnyModel.providerId, currency: "CNY" as const };
  const usd = { modelId: usdModel.id, model: "gpt-4o-mini", providerId: usdModel.providerId, currency: "USD" as const };
  const support = { apiKeyId: key1.id, route: "support" };

  await writeEntries(database.db, [
    // Today: 4 calls, 560 tokens, one error, one cache hit.
    gatewayEntry(ws, minutesFrom(TODAY, 9 * 60 + 10), { ...cny, ...support, inputTokens: 100, outputTokens: 50, latencyMs: 100, cost: 0.01, queryHash: "q-refund", queryText: "how do I get a refund" }),
    gatewayEntry(ws, minutesFrom(TODAY, 10 * 60 + 5), { ...cny, ...support, status: "error", errorCode: "upstream_status", httpStatus: 500, inputTokens: 10, latencyMs: 2000, cost: 0.001, queryHash: "q-refund" }),
    gatewayEntry(ws, minutesFrom(TODAY, 10 * 60 + 20), { ...usd, apiKeyId: key2.id, route: "chat", inputTokens: 200, outputTokens: 100, latencyMs: 300, ttftMs: 50, cacheHit: true, cost: 0.002, queryHash: "q-phone" }),
    gatewayEntry(ws, minutesFrom(TODAY, 10 * 60 + 29), { ...usd, source: "playground", inputTokens: 40, outputTokens: 60, latencyMs: 500, cost: 0.0005 }),
    // Yesterday: 210 tokens up to 10:30, 610 in the whole day.
    gatewayEntry(ws, minutesFrom(YESTERDAY, 9 * 60), { ...cny, ...support, inputTokens: 100, outputTokens: 100, cost: 0.002 }),
    gatewayEntry(ws, minutesFrom(YESTERDAY, 10 * 60 + 29), { ...cny, ...support, inputTokens: 10, cost: 0.0001 }),
    gatewayEntry(ws, minutesFrom(YESTERDAY, 10 * 60 + 40), { ...cny, ...support, inputTokens: 300, cost: 0.003 }),
    gatewayEntry(ws, minutesFrom(YESTERDAY, 23 * 60), { ...cny, ...support, inputTokens: 100, cost: 0.001 }),
  ]);

  // Another workspace's traffic, today and with the same route name, must never show.
  const other = await database.db.workspace.create({ data: { slug: "other", name: "Other" } });
  await writeEntries(database.db, [
    gatewayEntry(other.id, minutesFrom(TODAY, 10 * 60), { route: "support", inputTokens: 99_999, outputTokens: 1, cost: 5, currency: "CNY", queryHash: "q-secret", queryText: "other workspace" }),
  ]);
});

afterAll(async () => {
  await database.stop();
});

describe("usage overview", () => {
  it("compares today with yesterday", async () => {
    const overview = await getOverview(database.db, seed.viewer.actor, overviewQuerySchema.parse({}), NOW.getTime());

    expect(overview.todayStart.toISOString()).toBe(TODAY.toISOString());
    expect(overview.today.totalTokens).toBe(560);
    expect(overview.yesterdaySameTime.totalTokens).toBe(210);
    expect(overview.yesterday.totalTokens).toBe(610);
    expect(overview.changes.totalTokens.vsSameTime).toBe(166.7);
    expect(overview.changes.totalTokens.vsYesterday).toBe(-8.2);
    expect(overview.changes.requests.vsSameTime).toBe(100);
  });

  it("reports rates, latency and cost", async () => {
    const { today } = await getOverview(database.db, seed.viewer.actor, overviewQuerySchema.parse({}), NOW.getTime());

    expect(today.requests).toBe(4);
    expect(today.errors).toBe(1);
    expect(today.errorRate).toBe(0.25);
    expect(today.cacheHitRate).toBe(0.25);
    expect(today.avgLatencyMs).toBe(725);
    expect(today.avgTtftMs).toBe(50);
    expect(today.costs).toEqual([
      { currency: "CNY", cost: 0.011 },
      { currency: "USD", cost: 0.0025 },
    ]);
  });

  it("reads p95 from the histograms", async () => {
    const { today } = await getOverview(database.db, seed.viewer.actor, overviewQuerySchema.parse({}), NOW.getTime());
    const histogram = emptyHistogram();
    for (const latency of TODAY_LATENCIES) histogram[latencySlot(latency)]! += 1;

    expect(today.p95LatencyMs).toBe(Math.round(histogramQuantile(histogram, 0.95)!));
    expect(today.p95LatencyMs!).toBeGreaterThan(2000 / 1.25);
    expect(today.p95LatencyMs!).toBeLessThanOrEqual(2000 * 1.25);
  });

  it("starts today at local midnight", async () => {
    // 10:30 UTC is 18:30 in Shanghai, whose day began at 16:00 UTC the day before.
    const overview = await getOverview(database.db, seed.viewer.actor, overviewQuerySchema.parse({ timeZone: "Asia/Shanghai" }), NOW.getTime());
    expect(overview.todayStart.toISOString()).toBe("2026-03-09T16:00:00.000Z");
    expect(overview.today.totalTokens).toBe(560 + 100);
  });

  it("rejects an unknown time zone", () => {
    expect(overviewQuerySchema.safeParse({ timeZone: "Mars/Olympus" }).success).toBe(false);
  });

  it("returns null change without a base", () => {
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(150, 100)).toBe(50);
  });
});

describe("usage series", () => {
  it("fills every day bucket", async () => {
    const series = await getSeries(database.db, seed.viewer.actor, view({ granularity: "day", from: "2026-03-08T10:30:00Z", to: NOW.toISOString() }), NOW.getTime());

    expect(series.points.map((point) => point.bucket.toISOString().slice(0, 10))).toEqual(["2026-03-08", "2026-03-09", "2026-03-10"]);
    expect(series.points.map((point) => point.requests)).toEqual([0, 4, 4]);
    expect(series.points[0]!.p95LatencyMs).toBeNull();
    expect(series.points[1]!.costs).toEqual([{ currency: "CNY", cost: 0.0061 }]);
  });

  it("filters hour buckets by route", async () => {
    const series = await getSeries(database.db, seed.viewer.actor, view({ granularity: "hour", route: "support", from: TODAY.toISOString(), to: NOW.toISOString() }), NOW.getTime());

    expect(series.points).toHaveLength(11);
    const busy = series.points.filter((point) => point.requests > 0);
    expect(busy.map((point) => point.bucket.getUTCHours())).toEqual([9, 10]);
    expect(busy.map((point) => point.errors)).toEqual([0, 1]);
  });

  it("matches summary and detail hour sums", async () => {
    const range = { granularity: "hour" as const, from: YESTERDAY.toISOString(), to: NOW.toISOString() };
    const summary = await getSeries(database.db, seed.viewer.actor, view(range), NOW.getTime());
    const bySource = await Promise.all(
      (["gateway", "playground", "experiment"] as const).map((source) => getSeries(database.db, seed.viewer.actor, view({ ...range, source }), NOW.getTime())),
    );
    const detailBreakdown = await getBreakdown(database.db, seed.viewer.actor, view(range), "model", NOW.getTime());

    const requestsPerHour = (points: { requests: number }[][]) => points[0]!.map((_, hour) => points.reduce((sum, series) => sum + series[hour]!.requests, 0));
    expect(summary.points.map((point) => point.requests)).toEqual(requestsPerHour(bySource.map((series) => series.points)));
    expect(summary.points.reduce((sum, point) => sum + point.requests, 0)).toBe(detailBreakdown.totals.requests);
    expect(summary.points.reduce((sum, point) => sum + point.totalTokens, 0)).toBe(detailBreakdown.totals.totalTokens);
  });

  it("backfills summary rows in the migration", async () => {
    const migration = readFileSync(path.join("prisma", "migrations", "20261205090000_usage_hour_source", "migration.sql"), "utf8");
    const before = await summaryRows();

    await database.db.$executeRawUnsafe(`DELETE FROM "UsageRollup" WHERE "granularity" = 'hour_source'`);
    await database.db.$executeRawUnsafe(migration);

    expect(await summaryRows()).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
  });

  it("defaults a minute view to 6 hours", async () => {
    const series = await getSeries(database.db, seed.viewer.actor, view({ granularity: "minute" }), NOW.getTime());

    expect(series.points).toHaveLength(360);
    expect(series.points.reduce((sum, point) => sum + point.requests, 0)).toBe(4);
  });

  it("filters by source and missing key", async () => {
    const playground = await getSeries(database.db, seed.viewer.actor, view({ granularity: "day", source: "playground", from: TODAY.toISOString(), to: NOW.toISOString() }), NOW.getTime());
    const withoutKey = await getSeries(database.db, seed.viewer.actor, view({ granularity: "day", apiKeyId: "", from: TODAY.toISOString(), to: NOW.toISOString() }), NOW.getTime());

    expect(playground.points.map((point) => point.requests)).toEqual([1]);
    expect(withoutKey.points.map((point) => point.totalTokens)).toEqual([100]);
  });

  it("rejects a reversed range", async () => {
    await expect(getSeries(database.db, seed.viewer.actor, view({ granularity: "day", from: NOW.toISOString(), to: TODAY.toISOString() }), NOW.getTime())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      options: { reason: "usage.range_reversed" },
    });
  });

  it("rejects a too long minute range", async () => {
    await expect(getSeries(database.db, seed.viewer.actor, view({ granularity: "minute", from: YESTERDAY.toISOString(), to: NOW.toISOString() }), NOW.getTime())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      options: { reason: "usage.range_too_long", params: { granularity: "minute", maxDays: 1 } },
    });
  });
});

describe("usage breakdown", () => {
  const twoDays = () => view({ granularity: "day", from: YESTERDAY.toISOString(), to: NOW.toISOString() });

  it("sums to the totals by every dimension", async () => {
    for (const dimension of ["model", "key", "route"] as const) {
      const breakdown = await getBreakdown(database.db, seed.viewer.actor, twoDays(), dimension, NOW.getTime());
      const sum = (pick: (item: (typeof breakdown.items)[number]) => number) => breakdown.items.reduce((total, item) => total + pick(item), 0);

      expect(sum((item) => item.requests), dimension).toBe(8);
      expect(sum((item) => item.requests), dimension).toBe(breakdown.totals.requests);
      expect(sum((item) => item.totalTokens), dimension).toBe(breakdown.totals.totalTokens);
      expect(sum((item) => item.errors), dimension).toBe(breakdown.totals.errors);
    }
  });

  it("keeps currencies apart per model", async () => {
    const breakdown = await getBreakdown(database.db, seed.viewer.actor, twoDays(), "model", NOW.getTime());
    const cny = breakdown.items.find((item) => item.id === ids.cnyModel)!;
    const usd = breakdown.items.find((item) => item.id === ids.usdModel)!;

    expect(cny).toMatchObject({ name: "deepseek-chat", detail: "DeepSeek", requests: 6 });
    expect(cny.costs).toEqual([{ currency: "CNY", cost: 0.0171 }]);
    expect(usd.costs).toEqual([{ currency: "USD", cost: 0.0025 }]);
    expect(breakdown.totals.costs).toEqual([
      { currency: "CNY", cost: 0.0171 },
      { currency: "USD", cost: 0.0025 },
    ]);
  });

  it("names keys with their prefix", async () => {
    const breakdown = await getBreakdown(database.db, seed.viewer.actor, twoDays(), "key", NOW.getTime());
    const key1 = breakdown.items.find((item) => item.id === ids.key1)!;
    const none = breakdown.items.find((item) => item.id === "")!;

    expect(breakdown.items[0]!.id).toBe(ids.key1);
    expect(key1.name).toBe('客服, "VIP" key');
    expect(key1.detail).toMatch(/^lk-[A-Za-z0-9_-]{8}$/);
    expect(key1.errorRate).toBeCloseTo(1 / 6, 6);
    expect(none).toMatchObject({ name: null, detail: null, requests: 1 });
  });

  it("groups routes by deployment name", async () => {
    const breakdown = await getBreakdown(database.db, seed.viewer.actor, twoDays(), "route", NOW.getTime());
    expect(breakdown.items.map((item) => [item.id, item.requests])).toEqual([
      ["support", 6],
      ["", 1],
      ["chat", 1],
    ]);
  });

  it("hides other workspaces' rows", async () => {
    const breakdown = await getBreakdown(database.db, seed.viewer.actor, twoDays(), "route", NOW.getTime());
    expect(breakdown.totals.totalTokens).toBe(560 + 610);
    expect(breakdown.totals.costs.find((cost) => cost.currency === "CNY")!.cost).toBeLessThan(1);
  });
});

describe("top queries", () => {
  it("ranks the day's queries", async () => {
    const top = await getTopQueries(database.db, seed.viewer.actor, { day: "2026-03-10", limit: 20 }, NOW.getTime());

    expect(top.items).toEqual([
      { queryHash: "q-refund", text: "how do I get a refund", count: 2 },
      { queryHash: "q-phone", text: null, count: 1 },
    ]);
    expect(top.distinctQueries).toBe(2);
    expect(top.totalCount).toBe(3);
  });

  it("defaults to today (UTC)", async () => {
    const top = await getTopQueries(database.db, seed.viewer.actor, { limit: 1 }, NOW.getTime());
    expect(top.day).toBe("2026-03-10");
    expect(top.items).toHaveLength(1);
  });
});

async function summaryRows() {
  return database.db.usageRollup.findMany({
    where: { workspaceId: seed.workspace.id, granularity: "hour_source" },
    orderBy: [{ bucket: "asc" }, { source: "asc" }, { currency: "asc" }],
    select: { bucket: true, source: true, currency: true, requests: true, errors: true, inputTokens: true, outputTokens: true, cost: true, latencyHist: true, ttftCount: true },
  });
}
