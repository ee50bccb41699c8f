import { describe, expect, it } from "vitest";
import { chartRows, metricFields, seriesCurrencies, seriesHasTraffic, shareOf } from "@/components/dashboards/chart-data";
import type { SeriesPoint } from "@/components/dashboards/types";
import { NONE, viewQuery, viewSearch } from "@/components/dashboards/view-state";

function point(bucket: string, overrides: Partial<SeriesPoint> = {}): SeriesPoint {
  return {
    bucket,
    requests: 0,
    errors: 0,
    errorRate: null,
    cacheHits: 0,
    cacheHitRate: null,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    avgLatencyMs: null,
    p95LatencyMs: null,
    avgTtftMs: null,
    costs: [],
    ...overrides,
  };
}

const points = [
  point("2026-03-09T00:00:00.000Z", { requests: 2, avgLatencyMs: 100, p95LatencyMs: 180, costs: [{ currency: "USD", cost: 0.5 }] }),
  point("2026-03-10T00:00:00.000Z"),
  point("2026-03-11T00:00:00.000Z", { requests: 1, avgLatencyMs: 50, p95LatencyMs: 50, costs: [{ currency: "CNY", cost: 3 }] }),
];

describe("dashboard chart data", () => {
  it("gives each currency its own field", () => {
    expect(seriesCurrencies(points)).toEqual(["CNY", "USD"]);
    expect(metricFields("cost", seriesCurrencies(points))).toEqual(["cost:CNY", "cost:USD"]);
  });

  it("builds one row per bucket", () => {
    const rows = chartRows(points);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ time: Date.parse("2026-03-09T00:00:00.000Z"), requests: 2, "cost:USD": 0.5, "cost:CNY": 0 });
  });

  it("leaves latency gaps in empty buckets", () => {
    const rows = chartRows(points);
    expect(rows[1]!.avgLatencyMs).toBeNull();
    expect(rows[1]!.p95LatencyMs).toBeNull();
    expect(rows[1]!.requests).toBe(0);
  });

  it("detects a series without traffic", () => {
    expect(seriesHasTraffic(points)).toBe(true);
    expect(seriesHasTraffic([point("2026-03-09T00:00:00.000Z")])).toBe(false);
  });

  it("returns null share of nothing", () => {
    expect(shareOf(1, 4)).toBe(0.25);
    expect(shareOf(0, 0)).toBeNull();
  });
});

describe("dashboard view query", () => {
  it("ends the preset at the anchor", () => {
    const anchor = Date.parse("2026-03-10T12:00:00.000Z");
    const query = viewQuery("24h", anchor, { source: "", modelId: "", apiKeyId: NONE, route: "support" });
    expect(query).toMatchObject({ granularity: "hour", from: "2026-03-09T12:00:00.000Z", to: "2026-03-10T12:00:00.000Z", apiKeyId: "", route: "support" });
    expect(query.source).toBeUndefined();
  });

  it("keeps empty values in the query string", () => {
    expect(viewSearch({ apiKeyId: "", route: undefined, by: "key" })).toBe("apiKeyId=&by=key");
  });
});
