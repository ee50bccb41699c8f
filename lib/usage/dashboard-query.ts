import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { bucketStarts, dashboardFilterSchema, DAY_MS, floorToBucket, MINUTE_MS, resolveViewRange, type DashboardFilter, type DashboardView, type ViewRange } from "./dashboard-range";
import { sumRollups, TotalsAccumulator, totalsOf, type GroupColumn, type RollupSums, type RollupWindow, type UsageTotals } from "./dashboard-rollups";
import { isKnownTimeZone, startOfLocalDay } from "./dashboard-time-zone";

export const overviewQuerySchema = dashboardFilterSchema.extend({
  timeZone: z
    .string()
    .trim()
    .max(64)
    .default("UTC")
    .refine(isKnownTimeZone, { error: "Expected an IANA time zone name, such as Asia/Shanghai or UTC" })
    .describe("Time zone whose midnight starts today; UTC by default"),
});
export type OverviewQuery = z.output<typeof overviewQuerySchema>;

/** Percent change from `base` to `value`; null when there is nothing to compare with. */
export function percentChange(value: number, base: number): number | null {
  if (base === 0) return null;
  return Math.round(((value - base) / base) * 1000) / 10;
}

/**
 * Windows of "today so far", "yesterday up to the same time" and "all of yesterday". Whole hours come from
 * hour rows and the hour in progress from minute rows, so both days are compared over the same minutes.
 * NOTE: in time zones whose offset is not a whole number of hours, today starts at the UTC hour before
 * local midnight, because hour rows are the finest rows kept for whole days.
 */
export function overviewWindows(now: number, timeZone: string) {
  const todayStart = floorToBucket(startOfLocalDay(now, timeZone), "hour");
  const hourStart = floorToBucket(now, "hour");
  const minuteEnd = floorToBucket(now, "minute") + MINUTE_MS;
  const shift = (windows: RollupWindow[], byMs: number) =>
    windows.map((window) => ({ ...window, from: new Date(window.from.getTime() - byMs), to: new Date(window.to.getTime() - byMs) }));

  const today: RollupWindow[] = [
    { granularity: "hour", from: new Date(todayStart), to: new Date(hourStart) },
    { granularity: "minute", from: new Date(hourStart), to: new Date(minuteEnd) },
  ];
  return {
    todayStart: new Date(todayStart),
    today,
    yesterdaySameTime: shift(today, DAY_MS),
    yesterday: [{ granularity: "hour", from: new Date(todayStart - DAY_MS), to: new Date(todayStart) }] satisfies RollupWindow[],
  };
}

/**
 * Returns today's figures so far, yesterday's up to the same time of day and all of yesterday's, with the
 * percent change of tokens and requests against both.
 */
export async function getOverview(db: Db, actor: Actor, query: OverviewQuery, now = Date.now()) {
  const windows = overviewWindows(now, query.timeZone);
  const filter = filterOf(query);
  const [today, yesterdaySameTime, yesterday] = await Promise.all([
    sumRollups(db, actor.workspaceId, windows.today, filter).then(totalsOf),
    sumRollups(db, actor.workspaceId, windows.yesterdaySameTime, filter).then(totalsOf),
    sumRollups(db, actor.workspaceId, windows.yesterday, filter).then(totalsOf),
  ]);

  return {
    timeZone: query.timeZone,
    todayStart: windows.todayStart,
    now: new Date(now),
    today,
    yesterdaySameTime,
    yesterday,
    changes: {
      totalTokens: { vsSameTime: percentChange(today.totalTokens, yesterdaySameTime.totalTokens), vsYesterday: percentChange(today.totalTokens, yesterday.totalTokens) },
      requests: { vsSameTime: percentChange(today.requests, yesterdaySameTime.requests), vsYesterday: percentChange(today.requests, yesterday.requests) },
    },
  };
}

export type UsageOverview = Awaited<ReturnType<typeof getOverview>>;

function filterOf(view: DashboardFilter): DashboardFilter {
  return { source: view.source, modelId: view.modelId, apiKeyId: view.apiKeyId, route: view.route };
}

function windowOf(range: ViewRange): RollupWindow {
  return { granularity: range.granularity, from: range.from, to: range.to };
}

export type SeriesPoint = UsageTotals & { bucket: Date };

/** Returns one point per bucket of the view, buckets without traffic included, oldest first. */
export async function getSeries(db: Db, actor: Actor, view: DashboardView, now = Date.now()) {
  const range = resolveViewRange(view, now);
  const rows = await sumRollups(db, actor.workspaceId, [windowOf(range)], filterOf(view), ["bucket"]);

  const byBucket = new Map<number, TotalsAccumulator>();
  for (const row of rows) {
    const time = row.bucket!.getTime();
    let accumulator = byBucket.get(time);
    if (!accumulator) byBucket.set(time, (accumulator = new TotalsAccumulator()));
    accumulator.add(row);
  }

  const points: SeriesPoint[] = bucketStarts(range).map((time) => ({ bucket: new Date(time), ...(byBucket.get(time) ?? new TotalsAccumulator()).toTotals() }));
  return { granularity: range.granularity, from: range.from, to: range.to, points };
}

export type UsageSeries = Awaited<ReturnType<typeof getSeries>>;

export const BREAKDOWN_DIMENSIONS = ["model", "key", "route"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

const GROUPS: Record<BreakdownDimension, GroupColumn[]> = { model: ["modelId", "model"], key: ["apiKeyId"], route: ["route"] };

/** Identity of a group: the provider model id (or the model name when the call had no id), key id or route. */
function groupIdOf(dimension: BreakdownDimension, row: RollupSums): string {
  if (dimension === "key") return row.apiKeyId ?? "";
  if (dimension === "route") return row.route ?? "";
  return row.modelId ? row.modelId : `name:${row.model ?? ""}`;
}

export type BreakdownItem = UsageTotals & {
  /** Provider model id, API key id or deployment name; "" groups the calls without one. */
  id: string;
  /** Model or key name, or the deployment name; null for the group without one or a deleted key. */
  name: string | null;
  /** The provider's name for a model, the key prefix (lk-XXXXXXXX) for a key. */
  detail: string | null;
};

/** Returns one item per model, API key or deployment in the view, busiest first, and the totals over all of them. */
export async function getBreakdown(db: Db, actor: Actor, view: DashboardView, dimension: BreakdownDimension, now = Date.now()) {
  const range = resolveViewRange(view, now);
  const rows = await sumRollups(db, actor.workspaceId, [windowOf(range)], filterOf(view), GROUPS[dimension]);

  const groups = new Map<string, { accumulator: TotalsAccumulator; model: string }>();
  const all = new TotalsAccumulator();
  for (const row of rows) {
    const id = groupIdOf(dimension, row);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { accumulator: new TotalsAccumulator(), model: row.model ?? "" }));
    group.accumulator.add(row);
    all.add(row);
  }

  const labels = await labelsOf(db, actor.workspaceId, dimension, [...groups.keys()]);
  const items: BreakdownItem[] = [...groups.entries()].map(([id, group]) => {
    const label = labels.get(id);
    let fallbackName: string | null = null;
  if (dimension === "model") fallbackName = group.model || null;
  else if (dimension === "route") fallbackName = id || null;
    const publicId = id.startsWith("name:") ? "" : id;
    return { id: publicId, name: label?.name ?? fallbackName, detail: label?.detail ?? null, ...group.accumulator.toTotals() };
  });
  items.sort((a, b) => b.requests - a.requests || (a.name ?? "").localeCompare(b.name ?? ""));

  return { by: dimension, granularity: range.granularity, from: range.from, to: range.to, items, totals: all.toTotals() };
}

export type UsageBreakdown = Awaited<ReturnType<typeof getBreakdown>>;

/** Reads display names for model and key groups; keys show their name and prefix, never anything secret. */
async function labelsOf(db: Db, workspaceId: string, dimension: BreakdownDimension, ids: string[]) {
  const labels = new Map<string, { name: string; detail: string | null }>();
  const realIds = ids.filter((id) => id !== "" && !id.startsWith("name:"));
  if (realIds.length === 0 || dimension === "route") return labels;

  if (dimension === "key") {
    const keys = await db.apiKey.findMany({ where: { workspaceId, id: { in: realIds } }, select: { id: true, name: true, prefix: true } });
    for (const key of keys) labels.set(key.id, { name: key.name, detail: key.prefix });
    return labels;
  }

  const models = await db.providerModel.findMany({
    where: { workspaceId, id: { in: realIds } },
    select: { id: true, name: true, displayName: true, provider: { select: { name: true } } },
  });
  for (const model of models) labels.set(model.id, { name: model.displayName || model.name, detail: model.provider.name });
  return labels;
}

export const topQueriesQuerySchema = z.object({
  day: z.iso.date({ error: "Expected a UTC day as YYYY-MM-DD" }).optional().describe("UTC day (YYYY-MM-DD); today by default"),
  limit: z.coerce.number({ error: "Expected a whole number from 1 to 100" }).int().min(1).max(100).default(20).describe("Number of queries, 1 to 100"),
});
export type TopQueriesQuery = z.output<typeof topQueriesQuerySchema>;

/**
 * Returns the day's most frequent normalised queries. Text is PII-masked, and null when no key that asked
 * the query allows storing content.
 */
export async function getTopQueries(db: Db, actor: Actor, query: TopQueriesQuery, now = Date.now()) {
  const day = query.day ?? new Date(floorToBucket(now, "day")).toISOString().slice(0, 10);
  const dayDate = new Date(`${day}T00:00:00Z`);
  const [rows, totals] = await Promise.all([
    db.queryRollup.findMany({
      where: { workspaceId: actor.workspaceId, day: dayDate },
      orderBy: [{ count: "desc" }, { queryHash: "asc" }],
      take: query.limit,
    }),
    db.queryRollup.aggregate({ where: { workspaceId: actor.workspaceId, day: dayDate }, _sum: { count: true }, _count: { _all: true } }),
  ]);

  return {
    day,
    distinctQueries: totals._count._all,
    totalCount: totals._sum.count ?? 0,
    items: rows.map((row) => ({ queryHash: row.queryHash, text: row.text === "" ? null : row.text, count: row.count })),
  };
}

export type UsageTopQueries = Awaited<ReturnType<typeof getTopQueries>>;
