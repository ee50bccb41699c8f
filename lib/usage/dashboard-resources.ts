import { z } from "zod";
import { BREAKDOWN_DIMENSIONS } from "./dashboard-query";
import { GRANULARITIES } from "./dashboard-range";

/*
 * Wire shapes of the dashboard API (dates as ISO 8601 strings). The OpenAPI document is built from them,
 * and the tests parse real responses with them.
 */

const dateTime = z.iso.datetime();
const nullableMs = z.number().int().nullable();

const currencyCostResource = z.object({ currency: z.string().describe("CNY or USD"), cost: z.number() });

const totalsShape = {
  requests: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable().describe("errors / requests, 0 to 1; null without requests"),
  cacheHits: z.number().int(),
  cacheHitRate: z.number().nullable().describe("Calls answered from the response cache / requests, 0 to 1"),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  totalTokens: z.number().int(),
  avgLatencyMs: nullableMs,
  p95LatencyMs: nullableMs.describe("95th percentile latency read from merged histograms; within about 25% of the exact value"),
  avgTtftMs: nullableMs.describe("Mean time to first token over the calls that streamed"),
  costs: z.array(currencyCostResource).describe("Cost per currency; currencies are never added together"),
};

export const usageTotalsResource = z.object(totalsShape).meta({ id: "UsageTotals", description: "Requests, tokens, errors, latency and cost of a set of calls" });

const changeResource = z.object({
  vsSameTime: z.number().nullable().describe("Percent change against yesterday up to the same time of day; null when yesterday had none"),
  vsYesterday: z.number().nullable().describe("Percent change against all of yesterday; null when yesterday had none"),
});

export const usageOverviewResource = z
  .object({
    timeZone: z.string(),
    todayStart: dateTime.describe("When today began (local midnight, rounded down to a whole UTC hour)"),
    now: dateTime,
    today: usageTotalsResource,
    yesterdaySameTime: usageTotalsResource,
    yesterday: usageTotalsResource,
    changes: z.object({ totalTokens: changeResource, requests: changeResource }),
  })
  .meta({ id: "UsageOverview", description: "Today's usage so far against yesterday's" });

export const usageSeriesResource = z
  .object({
    granularity: z.enum(GRANULARITIES),
    from: dateTime,
    to: dateTime.describe("End of the last bucket (exclusive)"),
    points: z.array(z.object({ bucket: dateTime.describe("Start of the bucket (UTC)"), ...totalsShape })).describe("One point per bucket, oldest first, empty buckets included"),
  })
  .meta({ id: "UsageSeries", description: "Usage per minute, hour or day bucket" });

export const usageBreakdownResource = z
  .object({
    by: z.enum(BREAKDOWN_DIMENSIONS),
    granularity: z.enum(GRANULARITIES),
    from: dateTime,
    to: dateTime,
    items: z.array(
      z.object({
        id: z.string().describe('Provider model id, API key id or deployment name; "" for calls without one'),
        name: z.string().nullable().describe("Model or key name, or the deployment name; null when unknown"),
        detail: z.string().nullable().describe("Provider name of a model, prefix (lk-XXXXXXXX) of a key"),
        ...totalsShape,
      }),
    ),
    totals: usageTotalsResource.describe("Sum over every item"),
  })
  .meta({ id: "UsageBreakdown", description: "Usage per model, API key or deployment, busiest first" });

export const usageTopQueriesResource = z
  .object({
    day: z.iso.date(),
    distinctQueries: z.number().int(),
    totalCount: z.number().int(),
    items: z.array(
      z.object({
        queryHash: z.string().describe("sha256 of the normalised last user message"),
        text: z.string().nullable().describe("PII-masked query text; null when no key that sent it allows storing content"),
        count: z.number().int(),
      }),
    ),
  })
  .meta({ id: "UsageTopQueries", description: "The day's most frequent normalised queries" });
