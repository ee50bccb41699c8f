import { createTranslator } from "next-intl";
import { z } from "zod";
import { loadMessages } from "@/i18n/messages";
import { locales, type Locale } from "@/i18n/routing";
import { getRequestLog, listRequestLogs, requestLogFilterSchema, requestLogPageSchema, summarizeRequestLogs } from "@/lib/usage/request-log-query";
import { REQUEST_SOURCES, REQUEST_STATUSES } from "@/lib/usage/request-log";
import { defineRoute, type AnyRouteDefinition } from "../route";
import { breakdownCsv, seriesCsv, type CsvLabels } from "@/lib/usage/dashboard-csv";
import { BREAKDOWN_DIMENSIONS, getBreakdown, getOverview, getSeries, getTopQueries, overviewQuerySchema, topQueriesQuerySchema } from "@/lib/usage/dashboard-query";
import { dashboardViewSchema } from "@/lib/usage/dashboard-range";
import { usageBreakdownResource, usageOverviewResource, usageSeriesResource, usageTopQueriesResource } from "@/lib/usage/dashboard-resources";
import { attachmentDisposition } from "./datasets-downloads";

const TAG = "Usage";

export const requestLogResource = z
  .object({
    id: z.string().describe("Sequential id; newer calls have larger ids"),
    createdAt: z.iso.datetime(),
    source: z.enum(REQUEST_SOURCES),
    userId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
    providerId: z.string().nullable(),
    modelId: z.string().nullable(),
    apiKeyName: z.string().nullable().describe("Name of the API key; null for console calls or a deleted key"),
    apiKeyPrefix: z.string().nullable().describe("First characters of the API key (lk-XXXXXXXX)"),
    providerName: z.string().nullable(),
    model: z.string().describe("Model name sent upstream"),
    route: z.string().nullable().describe("Deployment name the client put in `model`; null for console calls"),
    deploymentId: z.string().nullable(),
    status: z.enum(REQUEST_STATUSES),
    httpStatus: z.number().int().nullable(),
    errorCode: z.string().nullable().describe("Failure kind, such as rate_limited, timeout or stream_cut"),
    errorMessage: z.string().nullable(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    usageEstimated: z.boolean().describe("True when the provider reported no usage and Luodi counted the tokens (o200k tokenizer)"),
    ttftMs: z.number().int().nullable().describe("Time to first token in milliseconds; null for calls that did not stream"),
    latencyMs: z.number().int(),
    cost: z.number().nullable().describe("Cost in `currency`; null when the model has no price"),
    currency: z.string().nullable(),
    cacheHit: z.boolean().describe("True when the response cache answered and no model was called"),
    stream: z.boolean(),
    attempts: z.number().int().describe("Upstream calls made, retries and fallbacks included"),
    fallbackUsed: z.boolean().describe("True when a fallback model answered"),
    canary: z.boolean().describe("True when the deployment's canary model answered"),
    experimentId: z.string().nullable(),
    promptVersionId: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "RequestLog", description: "One model call from the playground, an experiment or the gateway" });

const requestLogDetailResource = requestLogResource
  .extend({
    deploymentName: z.string().nullable().describe("Current name of the deployment; null when it was deleted or for console calls"),
    content: z
      .object({ messages: z.unknown().describe("Request messages, PII-masked"), answer: z.string().nullable().describe("Answer text, PII-masked") })
      .nullable()
      .describe("Stored only when the API key's policy allows storing content; null otherwise"),
  })
  .meta({ id: "RequestLogDetail", description: "One model call with its deployment and, when stored, its masked messages and answer" });

const requestLogSummaryResource = z
  .object({
    requests: z.number().int(),
    ok: z.number().int(),
    errors: z.number().int(),
    cancelled: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    estimatedRequests: z.number().int().describe("Calls whose tokens Luodi counted itself"),
    meanLatencyMs: z.number().int().nullable(),
    meanTtftMs: z.number().int().nullable(),
    costs: z.array(z.object({ currency: z.string(), cost: z.number() })).describe("Total cost per currency"),
  })
  .meta({ id: "RequestLogSummary", description: "Totals over the model calls a filter matches" });

export const listRequestLogsRoute = defineRoute({
  method: "GET",
  path: "/request-logs",
  operationId: "listRequestLogs",
  summary: "List model calls in the usage log",
  description:
    "Lists the workspace's model calls from the playground, prompt experiments and the gateway, newest first, with tokens, latency and cost. Pass nextCursor as `before` for the next page; it is null on the last page.",
  tag: TAG,
  permission: "console.read",
  query: requestLogPageSchema,
  response: z.array(requestLogResource),
  paginated: true,
  async handler({ actor, db, query }) {
    const { items, nextCursor } = await listRequestLogs(db, actor, query);
    return { data: items, nextCursor };
  },
});

export const summarizeRequestLogsRoute = defineRoute({
  method: "GET",
  path: "/request-logs/summary",
  operationId: "summarizeRequestLogs",
  summary: "Sum up model calls in the usage log",
  description: "Totals over every call the filters match: calls by status, tokens, mean latency and time to first token, and cost per currency.",
  tag: TAG,
  permission: "console.read",
  query: requestLogFilterSchema,
  response: requestLogSummaryResource,
  async handler({ actor, db, query }) {
    return { data: await summarizeRequestLogs(db, actor, query) };
  },
});

export const getRequestLogRoute = defineRoute({
  method: "GET",
  path: "/request-logs/{id}",
  operationId: "getRequestLog",
  summary: "Get one model call",
  description:
    "Returns one call with its route, target, timings, tokens, cost, cache status, attempts, and its PII-masked messages and answer when the API key's policy stores content. A call of another workspace is not found.",
  tag: TAG,
  permission: "console.read",
  params: z.object({ id: z.string().regex(/^[0-9]{1,18}$/, "Expected the numeric id of a request log entry").describe("Request log id") }),
  response: requestLogDetailResource,
  errors: ["NOT_FOUND"],
  async handler({ actor, db, params }) {
    return { data: await getRequestLog(db, actor, BigInt(params.id)) };
  },
});

const DASHBOARD_TAG = "Dashboards";

export const usageOverviewRoute = defineRoute({
  method: "GET",
  path: "/usage/overview",
  operationId: "getUsageOverview",
  summary: "Compare today's usage with yesterday's",
  description:
    "Requests, tokens, error rate, average and p95 latency, cost per currency and cache hit rate for today so far, for yesterday up to the same time of day and for all of yesterday, with percent changes. Today starts at midnight in `timeZone`. Reads the usage roll-ups.",
  tag: DASHBOARD_TAG,
  permission: "console.read",
  query: overviewQuerySchema,
  response: usageOverviewResource,
  async handler({ actor, db, query }) {
    return { data: await getOverview(db, actor, query) };
  },
});

export const usageSeriesRoute = defineRoute({
  method: "GET",
  path: "/usage/series",
  operationId: "getUsageSeries",
  summary: "Usage over time",
  description:
    "One point per minute, hour or day bucket (UTC) with requests, tokens, errors, latency and cost. A minute view spans at most 1 day, an hour view 31 days and a day view 400 days; without `from` it covers the last 6 hours, 7 days or 30 days.",
  tag: DASHBOARD_TAG,
  permission: "console.read",
  query: dashboardViewSchema,
  response: usageSeriesResource,
  errors: ["INVALID_INPUT"],
  async handler({ actor, db, query }) {
    return { data: await getSeries(db, actor, query) };
  },
});

const breakdownQuerySchema = dashboardViewSchema.extend({
  by: z.enum(BREAKDOWN_DIMENSIONS).describe("Group by provider model, API key or deployment (route)"),
});

export const usageBreakdownRoute = defineRoute({
  method: "GET",
  path: "/usage/breakdown",
  operationId: "getUsageBreakdown",
  summary: "Usage per model, key or route",
  description: "Requests, tokens, cost, error rate and p95 latency per provider model, API key (name and prefix) or deployment over the view, busiest first.",
  tag: DASHBOARD_TAG,
  permission: "console.read",
  query: breakdownQuerySchema,
  response: usageBreakdownResource,
  errors: ["INVALID_INPUT"],
  async handler({ actor, db, query }) {
    return { data: await getBreakdown(db, actor, query, query.by) };
  },
});

export const usageTopQueriesRoute = defineRoute({
  method: "GET",
  path: "/usage/top-queries",
  operationId: "getUsageTopQueries",
  summary: "The day's most frequent queries",
  description:
    "Normalised last user messages of gateway calls, counted per UTC day. Text is PII-masked and null when no API key that sent the query allows storing content.",
  tag: DASHBOARD_TAG,
  permission: "console.read",
  query: topQueriesQuerySchema,
  response: usageTopQueriesResource,
  async handler({ actor, db, query }) {
    return { data: await getTopQueries(db, actor, query) };
  },
});

const EXPORT_PARTS = ["series", ...BREAKDOWN_DIMENSIONS] as const;

const exportQuerySchema = dashboardViewSchema.extend({
  part: z.enum(EXPORT_PARTS).describe("series: one row per bucket; model, key or route: one row per group"),
  locale: z.enum(locales).default("en").describe("Language of the column titles"),
});

/** Column titles from the dashboards catalogue of a locale. */
function csvLabelsOf(locale: Locale): CsvLabels {
  // The catalogue is loaded from disk at run time, so its keys carry no static types here.
  const translate = createTranslator({ locale, messages: loadMessages(locale) }) as unknown as (key: string, values?: Record<string, string>) => string;
  const t = (key: string, values?: Record<string, string>) => translate(`dashboards.csv.${key}`, values);
  return {
    bucket: t("bucket"),
    name: t("name"),
    id: t("id"),
    detail: t("detail"),
    requests: t("requests"),
    errors: t("errors"),
    errorRate: t("errorRate"),
    cacheHits: t("cacheHits"),
    inputTokens: t("inputTokens"),
    outputTokens: t("outputTokens"),
    avgLatencyMs: t("avgLatencyMs"),
    p95LatencyMs: t("p95LatencyMs"),
    avgTtftMs: t("avgTtftMs"),
    cost: (currency) => t("cost", { currency }),
    none: t("none"),
  };
}

export const usageExportRoute = defineRoute({
  method: "GET",
  path: "/usage/export",
  operationId: "exportUsage",
  summary: "Export usage as CSV",
  description:
    "The time series or one breakdown of a view as CSV (RFC 4180, UTF-8 with a byte order mark so Excel shows Chinese text), with one cost column per currency. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.",
  tag: DASHBOARD_TAG,
  permission: "console.read",
  query: exportQuerySchema,
  file: { contentTypes: ["text/csv"], description: "CSV file, UTF-8 with a byte order mark" },
  errors: ["INVALID_INPUT"],
  async handler({ actor, db, query }) {
    const labels = csvLabelsOf(query.locale);
    const body =
      query.part === "series" ? seriesCsv(await getSeries(db, actor, query), labels) : breakdownCsv(await getBreakdown(db, actor, query, query.part), labels);

    const filename = `luodi-usage-${query.part}-${query.granularity}-${new Date().toISOString().slice(0, 10)}.csv`;
    const headers = { "content-type": "text/csv; charset=utf-8", "content-disposition": attachmentDisposition(filename) };
    return { response: new Response(body, { status: 200, headers }) };
  },
});

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const usageRoutes: readonly AnyRouteDefinition[] = [listRequestLogsRoute, summarizeRequestLogsRoute, getRequestLogRoute,
  usageOverviewRoute,
  usageSeriesRoute,
  usageBreakdownRoute,
  usageTopQueriesRoute,
  usageExportRoute,
];
