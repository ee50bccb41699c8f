import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { REQUEST_SOURCES, REQUEST_STATUSES } from "./request-log";

const isoDateError = "Expected an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T08:00:00Z";

const booleanParameter = z
  .enum(["true", "false"], { error: "Expected true or false" })
  .transform((value) => value === "true");

/** Filters of the usage log, shared by the list and the totals. */
export const requestLogFilterSchema = z.object({
  source: z.enum(REQUEST_SOURCES).optional().describe("Where the call came from: playground, experiment or gateway"),
  model: z.string().trim().min(1).max(200).optional().describe("Model name sent upstream (substring, case-insensitive) or exact model id"),
  status: z.enum(REQUEST_STATUSES).optional().describe("ok, error or cancelled"),
  from: z.coerce.date({ error: isoDateError }).optional().describe("Earliest createdAt, inclusive (ISO 8601)"),
  to: z.coerce.date({ error: isoDateError }).optional().describe("Latest createdAt, inclusive (ISO 8601)"),
  experimentId: z.string().trim().min(1).max(100).optional().describe("Only calls made by this prompt experiment"),
  apiKeyId: z.string().trim().min(1).max(100).optional().describe("Only gateway calls made with this API key id"),
  route: z.string().trim().min(1).max(200).optional().describe("Only gateway calls to this deployment name (exact)"),
  cacheHit: booleanParameter.optional().describe("true: only calls answered from the response cache; false: only calls that reached a model"),
  errorsOnly: booleanParameter.optional().describe("true: only failed calls (status error); cancelled calls are not errors"),
  minLatencyMs: z.coerce
    .number({ error: "Expected a whole number of milliseconds" })
    .int()
    .min(0)
    .max(86_400_000)
    .optional()
    .describe("Only calls that took at least this many milliseconds"),
  requestId: z.string().trim().min(1).max(200).optional().describe("Only the call with this request id (the x-request-id the gateway returned)"),
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
    ...statusWhereOf(filter),
    ...(filter.source && { source: filter.source }),
    ...(filter.experimentId && { experimentId: filter.experimentId }),
    ...(filter.apiKeyId && { apiKeyId: filter.apiKeyId }),
    ...(filter.route && { route: filter.route }),
    ...(filter.cacheHit !== undefined && { cacheHit: filter.cacheHit }),
    ...(filter.minLatencyMs !== undefined && { latencyMs: { gte: filter.minLatencyMs } }),
    ...(filter.requestId && { requestId: filter.requestId }),
    ...(filter.model && { OR: [{ model: { contains: filter.model, mode: "insensitive" as const } }, { modelId: filter.model }] }),
    ...((filter.from || filter.to) && { createdAt: { gte: filter.from, lte: filter.to } }),
  };
}

/** Status condition; errorsOnly together with another status matches nothing, as both must hold. */
function statusWhereOf(filter: RequestLogFilter): Prisma.RequestLogWhereInput {
  if (filter.errorsOnly && filter.status && filter.status !== "error") return { status: { in: [] } };
  if (filter.errorsOnly) return { status: "error" };
  return filter.status ? { status: filter.status } : {};
}

export type RequestLogView = ReturnType<typeof toRequestLogView>;

type RequestLogRow = Omit<Prisma.RequestLogGetPayload<object>, "content">;

/** Names that make a row readable: the API key's name and prefix and the provider's name. */
type RowLabels = { apiKey: { name: string; prefix: string } | null; providerName: string | null };

function toRequestLogView(row: RequestLogRow, labels: RowLabels) {
  return {
    id: row.id.toString(),
    createdAt: row.createdAt,
    source: row.source,
    userId: row.userId,
    apiKeyId: row.apiKeyId,
    apiKeyName: labels.apiKey?.name ?? null,
    apiKeyPrefix: labels.apiKey?.prefix ?? null,
    providerId: row.providerId,
    providerName: labels.providerName,
    modelId: row.modelId,
    model: row.model,
    route: row.route,
    deploymentId: row.deploymentId,
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
    cacheHit: row.cacheHit,
    stream: row.stream,
    attempts: row.attempts,
    fallbackUsed: row.fallbackUsed,
    canary: row.canary,
    experimentId: row.experimentId,
    promptVersionId: row.promptVersionId,
    requestId: row.requestId,
  };
}

/** Loads the key and provider names of some rows in two queries, scoped to the workspace. */
async function labelRows(db: Db, workspaceId: string, rows: readonly RequestLogRow[]) {
  const keyIds = [...new Set(rows.map((row) => row.apiKeyId).filter((id): id is string => !!id))];
  const providerIds = [...new Set(rows.map((row) => row.providerId).filter((id): id is string => !!id))];
  const [keys, providers] = await Promise.all([
    keyIds.length === 0 ? [] : db.apiKey.findMany({ where: { workspaceId, id: { in: keyIds } }, select: { id: true, name: true, prefix: true } }),
    providerIds.length === 0 ? [] : db.provider.findMany({ where: { workspaceId, id: { in: providerIds } }, select: { id: true, name: true } }),
  ]);

  const keyById = new Map(keys.map((key) => [key.id, { name: key.name, prefix: key.prefix }]));
  const providerNameById = new Map(providers.map((provider) => [provider.id, provider.name]));
  return (row: RequestLogRow): RowLabels => ({
    apiKey: row.apiKeyId ? (keyById.get(row.apiKeyId) ?? null) : null,
    providerName: row.providerId ? (providerNameById.get(row.providerId) ?? null) : null,
  });
}

/** Lists the workspace's model calls, newest first, one page at a time (the cursor is the last id seen). */
export async function listRequestLogs(db: Db, actor: Actor, page: RequestLogPage) {
  const rows = await db.requestLog.findMany({
    where: { ...whereOf(actor, page), ...(page.before !== undefined && { id: { lt: page.before } }) },
    // Stored messages can be large; the list never shows them.
    omit: { content: true },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });

  const items = rows.slice(0, page.limit);
  const nextCursor = rows.length > page.limit ? (items[items.length - 1]?.id.toString() ?? null) : null;
  const labelsOf = await labelRows(db, actor.workspaceId, items);
  return { items: items.map((row) => toRequestLogView(row, labelsOf(row))), nextCursor };
}

/** Masked messages and answer of a call, as the log writer stores them when the key allows it. */
export type StoredContent = { messages: unknown; answer: string | null };

function storedContentOf(value: Prisma.JsonValue | null): StoredContent | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const answer = value.answer;
  return { messages: value.messages ?? null, answer: typeof answer === "string" ? answer : null };
}

/**
 * Returns one call of the workspace with its deployment and, when the key's policy stored them, its
 * PII-masked messages and answer. A call of another workspace is reported as not found.
 */
export async function getRequestLog(db: Db, actor: Actor, id: bigint) {
  const row = await db.requestLog.findFirst({ where: { id, workspaceId: actor.workspaceId } });
  if (!row) {
    throw new AppError("NOT_FOUND", `Request log ${id} not found in this workspace`, { reason: "usage.request_log_not_found", params: { id: id.toString() } });
  }

  const { content, ...rest } = row;
  const [labelsOf, deployment] = await Promise.all([
    labelRows(db, actor.workspaceId, [rest]),
    row.deploymentId ? db.deployment.findFirst({ where: { id: row.deploymentId, workspaceId: actor.workspaceId }, select: { id: true, name: true } }) : null,
  ]);

  return {
    ...toRequestLogView(rest, labelsOf(rest)),
    deploymentName: deployment?.name ?? null,
    content: storedContentOf(content),
  };
}

export type RequestLogDetail = Awaited<ReturnType<typeof getRequestLog>>;

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
