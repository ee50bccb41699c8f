import type { DateTimeFormatOptions } from "next-intl";
import type { Granularity, SeriesPoint } from "./types";

/** Charts the dashboards draw over time; each names the series fields it plots. */
export const CHART_METRICS = ["requests", "tokens", "cost", "latency", "errors"] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

/** One row per bucket for recharts; cost fields are named `cost:<currency>`. */
export type ChartRow = { time: number } & Record<string, number | null>;

export const costField = (currency: string) => `cost:${currency}`;

/** Currencies with any cost in the series, sorted; each gets its own line, never a sum. */
export function seriesCurrencies(points: readonly SeriesPoint[]): string[] {
  return [...new Set(points.flatMap((point) => point.costs.map((cost) => cost.currency)))].sort();
}

/** Turns API points into chart rows. Latency of a bucket without calls is null, so the line has a gap, not a drop to 0. */
export function chartRows(points: readonly SeriesPoint[]): ChartRow[] {
  const currencies = seriesCurrencies(points);
  return points.map((point) => {
    const row: ChartRow = {
      time: Date.parse(point.bucket),
      requests: point.requests,
      errors: point.errors,
      inputTokens: point.inputTokens,
      outputTokens: point.outputTokens,
      avgLatencyMs: point.avgLatencyMs,
      p95LatencyMs: point.p95LatencyMs,
    };
    for (const currency of currencies) row[costField(currency)] = point.costs.find((cost) => cost.currency === currency)?.cost ?? 0;
    return row;
  });
}

/** Fields plotted by a chart; cost charts get one field per currency. */
export function metricFields(metric: ChartMetric, currencies: readonly string[]): string[] {
  switch (metric) {
    case "requests":
      return ["requests"];
    case "errors":
      return ["errors"];
    case "tokens":
      return ["inputTokens", "outputTokens"];
    case "latency":
      return ["avgLatencyMs", "p95LatencyMs"];
    case "cost":
      return currencies.map(costField);
  }
}

export function seriesHasTraffic(points: readonly SeriesPoint[]): boolean {
  return points.some((point) => point.requests > 0);
}

/**
 * Date format of a bucket label. Day buckets are UTC days, so they are shown in UTC; minute and hour
 * buckets are shown in the reader's time zone.
 */
export function bucketFormat(granularity: Granularity, detailed: boolean): DateTimeFormatOptions {
  if (granularity === "day") return { month: "short", day: "numeric", timeZone: "UTC", ...(detailed && { year: "numeric" }) };
  if (granularity === "hour") return { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" };
  return { hour: "2-digit", minute: "2-digit", ...(detailed && { month: "numeric", day: "numeric" }) };
}

/** Part of a total as a fraction from 0 to 1; null when the total is 0. */
export function shareOf(part: number, total: number): number | null {
  return total === 0 ? null : part / total;
}

/** Colors of the lines of one chart, in field order. */
export const LINE_COLORS = ["#2554eb", "#f59e0b", "#10b981", "#ef4444"] as const;
