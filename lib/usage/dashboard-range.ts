import { z } from "zod";
import { AppError } from "@/lib/errors";
import { REQUEST_SOURCES } from "./request-log";

/** Bucket sizes of UsageRollup rows. The log writer buckets in UTC, so a day bucket is a UTC day. */
export const GRANULARITIES = ["minute", "hour", "day"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const BUCKET_MS: Record<Granularity, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

/** Span of a view when the request gives no `from`: the last 6 hours, 7 days or 30 days. */
const DEFAULT_SPAN_MS: Record<Granularity, number> = { minute: 6 * HOUR_MS, hour: 7 * DAY_MS, day: 30 * DAY_MS };

/**
 * Longest span per granularity. It bounds the rows a query reads and the points a chart draws
 * (1,440 minutes, 744 hours or 400 days).
 */
export const MAX_SPAN_MS: Record<Granularity, number> = { minute: DAY_MS, hour: 31 * DAY_MS, day: 400 * DAY_MS };

const isoDateError = "Expected an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T08:00:00Z";
const dimensionValue = z.string().trim().max(200);

/**
 * Filters every dashboard query accepts. An empty string selects the rows without that dimension, such as
 * console calls that used no API key.
 */
export const dashboardFilterSchema = z.object({
  source: z.enum(REQUEST_SOURCES).optional().describe("Only calls from the playground, experiments or the gateway"),
  modelId: dimensionValue.optional().describe("Only calls to this provider model id"),
  apiKeyId: dimensionValue.optional().describe("Only calls made with this API key id; an empty value selects calls without a key"),
  route: dimensionValue.optional().describe("Only calls to this deployment name; an empty value selects calls without a deployment"),
});

export const dashboardViewSchema = dashboardFilterSchema.extend({
  granularity: z.enum(GRANULARITIES).default("day").describe("Roll-up rows to read: minute, hour or day buckets (UTC)"),
  from: z.coerce.date({ error: isoDateError }).optional().describe("Start of the view (ISO 8601); by default 6 hours, 7 days or 30 days before `to`"),
  to: z.coerce.date({ error: isoDateError }).optional().describe("End of the view (ISO 8601); now by default"),
});

export type DashboardFilter = z.output<typeof dashboardFilterSchema>;
export type DashboardView = z.output<typeof dashboardViewSchema>;

/** A resolved view: buckets from `from` (inclusive, aligned to the granularity) to `to` (exclusive). */
export type ViewRange = { granularity: Granularity; from: Date; to: Date };

export function floorToBucket(time: number, granularity: Granularity): number {
  const size = BUCKET_MS[granularity];
  return Math.floor(time / size) * size;
}

/**
 * Aligns a view to whole buckets: `from` rounds down and `to` rounds up past the bucket that contains it,
 * so the bucket in progress is included. Rejects reversed and too long spans.
 */
export function resolveViewRange(view: Pick<DashboardView, "granularity" | "from" | "to">, now = Date.now()): ViewRange {
  const { granularity } = view;
  const end = view.to?.getTime() ?? now;
  const start = view.from?.getTime() ?? end - DEFAULT_SPAN_MS[granularity];

  if (start >= end) {
    throw new AppError("INVALID_INPUT", `from (${new Date(start).toISOString()}) must be before to (${new Date(end).toISOString()})`, {
      reason: "usage.range_reversed",
      fieldErrors: { from: ["Must be before to"] },
    });
  }

  const maxDays = MAX_SPAN_MS[granularity] / DAY_MS;
  if (end - start > MAX_SPAN_MS[granularity]) {
    throw new AppError("INVALID_INPUT", `A ${granularity} view covers at most ${maxDays} days; shorten the range or pick a coarser granularity`, {
      reason: "usage.range_too_long",
      params: { granularity, maxDays },
      fieldErrors: { from: [`At most ${maxDays} days before to`] },
    });
  }

  const from = floorToBucket(start, granularity);
  const to = floorToBucket(end - 1, granularity) + BUCKET_MS[granularity];
  return { granularity, from: new Date(from), to: new Date(to) };
}

/** Start times of every bucket in the range, so a series has a point for buckets without traffic. */
export function bucketStarts(range: ViewRange): number[] {
  const starts: number[] = [];
  const size = BUCKET_MS[range.granularity];
  for (let time = range.from.getTime(); time < range.to.getTime(); time += size) starts.push(time);
  return starts;
}

export { DAY_MS, HOUR_MS, MINUTE_MS };
