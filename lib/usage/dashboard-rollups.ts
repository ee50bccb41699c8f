import type { Db } from "@/lib/db/client";
import { addHistograms, emptyHistogram, histogramQuantile, LATENCY_SLOTS } from "./latency-histogram";
import type { DashboardFilter, Granularity } from "./dashboard-range";
import { HOUR_SOURCE_GRANULARITY } from "./rollup";

/** Columns of UsageRollup a dashboard query may group by; results are always split by currency as well. */
export type GroupColumn = "bucket" | "source" | "modelId" | "model" | "apiKeyId" | "route";

/** One time window of roll-up rows at one granularity: buckets from `from` (inclusive) to `to` (exclusive). */
export type RollupWindow = { granularity: Granularity | typeof HOUR_SOURCE_GRANULARITY; from: Date; to: Date };

/** Sums of the roll-up rows of one group and one currency ("" for calls without a price). */
export type RollupSums = {
  bucket?: Date;
  source?: string;
  modelId?: string;
  model?: string;
  apiKeyId?: string;
  route?: string;
  currency: string;
  requests: number;
  errors: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** Exact decimal sum, as PostgreSQL prints it. */
  cost: string;
  latencySumMs: number;
  ttftSumMs: number;
  ttftCount: number;
  histogram: number[];
};

const GROUP_SQL: Record<GroupColumn, string> = {
  bucket: `"bucket"`,
  source: `"source"`,
  modelId: `"modelId"`,
  model: `"model"`,
  apiKeyId: `"apiKeyId"`,
  route: `"route"`,
};

/**
 * Element-wise sum of the latency histograms. One sum per slot reads each array by subscript, which
 * PostgreSQL does in constant time, and avoids unnesting every array into rows. A slot past the end of a
 * shorter array is NULL, which sum() skips.
 */
const HISTOGRAM_SUM_SQL = `ARRAY[${Array.from({ length: LATENCY_SLOTS }, (_, index) => `coalesce(sum("latencyHist"[${index + 1}]), 0)`).join(", ")}]::float8[]`;

/** Builds the WHERE clause of a roll-up query, with its parameters numbered from $1. */
function whereOf(workspaceId: string, windows: readonly RollupWindow[], filter: DashboardFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const placeholder = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  // Buckets are UTC wall times in a timestamp column without time zone; an ISO string cast to that type
  // drops its "Z", so the comparison does not depend on the session's time zone.
  const bucketAt = (time: Date) => `${placeholder(time.toISOString())}::timestamp(3)`;
  const windowSql = windows.map(
    (window) => `("granularity" = ${placeholder(window.granularity)} AND "bucket" >= ${bucketAt(window.from)} AND "bucket" < ${bucketAt(window.to)})`,
  );
  const conditions = [`"workspaceId" = $1`, `(${windowSql.join(" OR ")})`];
  if (filter.source !== undefined) conditions.push(`"source" = ${placeholder(filter.source)}`);
  if (filter.modelId !== undefined) conditions.push(`"modelId" = ${placeholder(filter.modelId)}`);
  if (filter.apiKeyId !== undefined) conditions.push(`"apiKeyId" = ${placeholder(filter.apiKeyId)}`);
  if (filter.route !== undefined) conditions.push(`"route" = ${placeholder(filter.route)}`);

  return { sql: conditions.join(" AND "), params };
}

/**
 * Moves hour windows to the hour_source summary rows when the query needs no model, key or route: those
 * rows hold the same sums with far fewer rows per hour, so a 30-day hour chart stays fast.
 */
function summarisedWindows(windows: readonly RollupWindow[], filter: DashboardFilter, groupBy: readonly GroupColumn[]): readonly RollupWindow[] {
  const needsDetails =
    filter.modelId !== undefined || filter.apiKeyId !== undefined || filter.route !== undefined || groupBy.some((column) => column !== "bucket" && column !== "source");
  if (needsDetails) return windows;
  return windows.map((window) => (window.granularity === "hour" ? { ...window, granularity: HOUR_SOURCE_GRANULARITY } : window));
}

/**
 * Sums the workspace's UsageRollup rows in the given windows, grouped by `groupBy` and currency. Reads only
 * roll-up rows through the (workspaceId, granularity, bucket) index, never the request log.
 */
export async function sumRollups(
  db: Db,
  workspaceId: string,
  windows: readonly RollupWindow[],
  filter: DashboardFilter,
  groupBy: readonly GroupColumn[] = [],
): Promise<RollupSums[]> {
  if (windows.length === 0) return [];

  const where = whereOf(workspaceId, summarisedWindows(windows, filter, groupBy), filter);
  const groupSql = [...groupBy.map((column) => GROUP_SQL[column]), `"currency"`].join(", ");
  const sql = `SELECT ${groupSql},
      sum("requests")::float8 AS "requests", sum("errors")::float8 AS "errors", sum("cacheHits")::float8 AS "cacheHits",
      sum("inputTokens")::float8 AS "inputTokens", sum("outputTokens")::float8 AS "outputTokens", sum("cost")::text AS "cost",
      sum("latencySumMs")::float8 AS "latencySumMs", sum("ttftSumMs")::float8 AS "ttftSumMs", sum("ttftCount")::float8 AS "ttftCount",
      ${HISTOGRAM_SUM_SQL} AS "histogram"
    FROM "UsageRollup"
    WHERE ${where.sql}
    GROUP BY ${groupSql}`;

  return db.$queryRawUnsafe<RollupSums[]>(sql, ...where.params);
}

/** A currency and the total cost in it. Costs in different currencies are never added together. */
export type CurrencyCost = { currency: string; cost: number };

/** Dashboard figures of a set of calls, as the API sends them. */
export type UsageTotals = {
  requests: number;
  errors: number;
  /** errors / requests, from 0 to 1; null without requests. */
  errorRate: number | null;
  cacheHits: number;
  cacheHitRate: number | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  avgLatencyMs: number | null;
  /** Read from the merged latency histograms, so it is off by at most a bucket width (about 25%). */
  p95LatencyMs: number | null;
  avgTtftMs: number | null;
  costs: CurrencyCost[];
};

/** Adds up RollupSums rows (of any currencies) into one set of dashboard figures. */
export class TotalsAccumulator {
  private requests = 0;
  private errors = 0;
  private cacheHits = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private latencySumMs = 0;
  private ttftSumMs = 0;
  private ttftCount = 0;
  private readonly histogram = emptyHistogram();
  private readonly costs = new Map<string, number>();

  add(sums: RollupSums): this {
    this.requests += sums.requests;
    this.errors += sums.errors;
    this.cacheHits += sums.cacheHits;
    this.inputTokens += sums.inputTokens;
    this.outputTokens += sums.outputTokens;
    this.latencySumMs += sums.latencySumMs;
    this.ttftSumMs += sums.ttftSumMs;
    this.ttftCount += sums.ttftCount;
    addHistograms(this.histogram, sums.histogram);
    // Calls without a price carry currency "" and cost 0; they count in every figure except cost.
    if (sums.currency !== "") this.costs.set(sums.currency, (this.costs.get(sums.currency) ?? 0) + Number(sums.cost));
    return this;
  }

  toTotals(): UsageTotals {
    const rate = (part: number) => (this.requests === 0 ? null : part / this.requests);
    const p95 = histogramQuantile(this.histogram, 0.95);
    return {
      requests: this.requests,
      errors: this.errors,
      errorRate: rate(this.errors),
      cacheHits: this.cacheHits,
      cacheHitRate: rate(this.cacheHits),
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      totalTokens: this.inputTokens + this.outputTokens,
      avgLatencyMs: this.requests === 0 ? null : Math.round(this.latencySumMs / this.requests),
      p95LatencyMs: p95 === null ? null : Math.round(p95),
      avgTtftMs: this.ttftCount === 0 ? null : Math.round(this.ttftSumMs / this.ttftCount),
      costs: [...this.costs.entries()].map(([currency, cost]) => ({ currency, cost: roundCost(cost) })).sort((a, b) => a.currency.localeCompare(b.currency)),
    };
  }
}

/** Rounds to 8 decimals, the precision of the cost columns, so float noise from adding stays out of the output. */
function roundCost(cost: number): number {
  return Math.round(cost * 1e8) / 1e8;
}

export function totalsOf(rows: readonly RollupSums[]): UsageTotals {
  const accumulator = new TotalsAccumulator();
  for (const row of rows) accumulator.add(row);
  return accumulator.toTotals();
}
