import { z } from "zod";
import { listRequestLogs, requestLogFilterSchema, requestLogPageSchema, summarizeRequestLogs } from "@/lib/usage/request-log-query";
import { REQUEST_SOURCES, REQUEST_STATUSES } from "@/lib/usage/request-log";
import { defineRoute, type AnyRouteDefinition } from "../route";

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
    model: z.string().describe("Model name sent upstream"),
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
    stream: z.boolean(),
    experimentId: z.string().nullable(),
    promptVersionId: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "RequestLog", description: "One model call from the playground, an experiment or the gateway" });

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

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const usageRoutes: readonly AnyRouteDefinition[] = [listRequestLogsRoute, summarizeRequestLogsRoute];
