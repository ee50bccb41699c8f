import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { REQUEST_SOURCES, REQUEST_STATUSES } from "./request-log";

const isoDateError = "Expected an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T08:00:00Z";

/** Filters of the usage log, shared by the list and the totals. */
export const requestLogFilterSchema = z.object({
  source: z.enum(REQUEST_SOURCES).optional().describe("Where the call came from: playground, experiment or gateway"),
  model: z.string().trim().min(1).max(200).optional().describe("Model name sent upstream (substring, case-insensitive) or exact model id"),
  status: z.enum(REQUEST_STATUSES).optional().describe("ok, error or cancelled"),
  from: z.coerce.date({ error: isoDateError }).optional().describe("Earliest createdAt, inclusive (ISO 8601)"),
  to: z.coerce.date({ error: isoDateError }).optional().describe("Latest createdAt, inclusive (ISO 8601)"),
  experimentId: z.string().trim().min(1).max(100).optional().describe("Only calls made by this prompt experiment"),
});

export const requestLogPageSchema = requestLogFilterSchema.extend({
  before: z.coerce
    .bigint({ error: "Expected the nextCursor of the previous page, a string of digits" })
    .optional()
    .describe("Cursor: the nextCursor of the previous page"),
  limit: z.coerce.number({ error: "Expected a whole number from 1 to 200" }).int().min(1).max(200).default(50).describe("Page size, 1 to 200"),
});

export type RequestLogFilter = z.output<typeof requestLogFilterSchema>;
export type RequestLogPage = z.output<typeof requestLogPageSchema>;

function whereOf(actor: Actor, filter: RequestLogFilter): Prisma.RequestLogWhereInput {
  return {
    workspaceId: actor.workspaceId,
    ...(filter.source && { source: filter.source }),
    ...(filter.status && { status: filter.status }),
    ...(filter.experimentId && { experimentId: filter.experimentId }),
    ...(filter.model && { OR: [{ model: { contains: filter.model, mode: "insensitive" as const } }, { modelId: filter.model }] }),
    ...((filter.from || filter.to) && { createdAt: { gte: filter.from, lte: filter.to } }),
  };
}

export type RequestLogView = ReturnType<typeof toRequestLogView>;

function toRequestLogView(row: Prisma.RequestLogGetPayload<object>) {
  return {
    id: row.id.toString(),
    createdAt: row.createdAt,
    source: row.source,
    userId: row.userId,
    apiKeyId: row.apiKeyId,
    providerId: row.providerId,
    modelId: row.modelId,
    model: row.model,
    status: row.status,
    httpStatus: row.httpStatus,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    usageEstimated: row.usageEstimated,
    ttftMs: row.ttftMs,
    latencyMs: row.latencyMs,
    cost: row.cost === null ? null : Number(row.cost),
    currency: row.currency,
    stream: row.stream,
    experimentId: row.experimentId,
    promptVersionId: row.promptVersionId,
    requestId: row.requestId,
  };
}

/** Lists the workspace's model calls, newest first, one page at a time (the cursor is the last id seen). */
export async function listRequestLogs(db: Db, actor: Actor, page: RequestLogPage) {
  const rows = await db.requestLog.findMany({
    where: { ...whereOf(actor, page), ...(page.before !== undefined && { id: { lt: page.before } }) },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });

  const items = rows.slice(0, page.limit);
  const nextCursor = rows.length > page.limit ? (items[items.length - 1]?.id.toString() ?? null) : null;
  return { items: items.map(toRequestLogView), nextCursor };
}

/**
 * Totals over every call the filter matches: counts by status, tokens, mean latency and cost per currency
 * (costs in different currencies are never added together).
 */
export async function summarizeRequestLogs(db: Db, actor: Actor, filter: RequestLogFilter) {
  const where = whereOf(actor, filter);
  const [all, byStatus, byCurrency, estimated] = await Promise.all([
    db.requestLog.aggregate({ where, _count: { _all: true }, _sum: { inputTokens: true, outputTokens: true }, _avg: { latencyMs: true, ttftMs: true } }),
    db.requestLog.groupBy({ by: ["status"], where, _count: { _all: true } }),
    db.requestLog.groupBy({ by: ["currency"], where: { ...where, cost: { not: null } }, _sum: { cost: true } }),
    db.requestLog.count({ where: { ...where, usageEstimated: true } }),
  ]);

  const statusCount = (status: string) => byStatus.find((group) => group.status === status)?._count._all ?? 0;
  return {
    requests: all._count._all,
    ok: statusCount("ok"),
    errors: statusCount("error"),
    cancelled: statusCount("cancelled"),
    inputTokens: all._sum.inputTokens ?? 0,
    outputTokens: all._sum.outputTokens ?? 0,
    estimatedRequests: estimated,
    meanLatencyMs: all._avg.latencyMs === null ? null : Math.round(all._avg.latencyMs),
    meanTtftMs: all._avg.ttftMs === null ? null : Math.round(all._avg.ttftMs),
    costs: byCurrency
      .filter((group) => group.currency !== null)
      .map((group) => ({ currency: group.currency as string, cost: Number(group._sum.cost ?? 0) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

export type RequestLogSummary = Awaited<ReturnType<typeof summarizeRequestLogs>>;
