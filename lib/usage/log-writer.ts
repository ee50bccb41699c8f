import type { Db, Prisma } from "@/lib/db/client";
import { queryRollupsOf, rollupsOf, upsertQueryRollupsQuery, upsertRollupsQuery, type RollupEntry } from "@/lib/usage/rollup";

/**
 * Writes request-log entries: the RequestLog rows and the UsageRollup and QueryRollup rows they add to, in
 * one transaction, so a dashboard that reads the roll-ups never counts a request twice or misses one.
 */

const MAX_ERROR_MESSAGE_CHARS = 500;
const MAX_QUERY_HASH_CHARS = 128;

type RequestLogRow = Prisma.RequestLogCreateManyInput;

/** Entries with createdAt set, so the RequestLog rows and the roll-up buckets use the same instant. */
function withCreatedAt(entries: ReadonlyArray<RollupEntry>, now: Date): Array<RollupEntry & { createdAt: Date }> {
  return entries.map((entry) => ("createdAt" in entry && entry.createdAt instanceof Date ? entry : { ...entry, createdAt: now }) as RollupEntry & { createdAt: Date });
}

function toRow(entry: RollupEntry & { createdAt: Date }): RequestLogRow {
  const row: RequestLogRow = {
    workspaceId: entry.workspaceId,
    source: entry.source,
    userId: entry.userId,
    apiKeyId: entry.apiKeyId ?? null,
    providerId: entry.providerId,
    modelId: entry.modelId,
    model: entry.model,
    route: entry.route ?? null,
    status: entry.status,
    httpStatus: entry.httpStatus,
    errorCode: entry.errorCode,
    errorMessage: entry.errorMessage?.slice(0, MAX_ERROR_MESSAGE_CHARS) ?? null,
    inputTokens: nonNegativeInteger(entry.inputTokens),
    outputTokens: nonNegativeInteger(entry.outputTokens),
    usageEstimated: entry.usageEstimated,
    ttftMs: entry.ttftMs === null ? null : nonNegativeInteger(entry.ttftMs),
    latencyMs: nonNegativeInteger(entry.latencyMs),
    // Decimal(18, 8) column; a string keeps the value exact.
    cost: entry.cost === null || !Number.isFinite(entry.cost) ? null : entry.cost.toFixed(8),
    currency: entry.currency,
    cacheHit: entry.cacheHit ?? false,
    stream: entry.stream,
    experimentId: entry.experimentId,
    promptVersionId: entry.promptVersionId,
    requestId: entry.requestId,
    createdAt: entry.createdAt,
  };

  if ("attempts" in entry) {
    row.deploymentId = entry.deploymentId;
    row.attempts = nonNegativeInteger(entry.attempts);
    row.fallbackUsed = entry.fallbackUsed;
    row.canary = entry.canary;
    row.queryHash = entry.queryHash?.slice(0, MAX_QUERY_HASH_CHARS) ?? null;
    // A null content is left out: the column's default is SQL NULL, and Prisma wants a JSON sentinel for it.
    if (entry.content) row.content = entry.content as Prisma.InputJsonValue;
  }
  return row;
}

function nonNegativeInteger(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}

/** Builds the roll-up upserts of a batch, to run after the insert in the same batch transaction. */
function rollupQueries(db: Db, entries: ReadonlyArray<RollupEntry>, now: Date): Prisma.PrismaPromise<number>[] {
  return [upsertRollupsQuery(db, rollupsOf(entries, now)), upsertQueryRollupsQuery(db, queryRollupsOf(entries, now))].filter(
    (query): query is Prisma.PrismaPromise<number> => query !== null,
  );
}

/**
 * Inserts the RequestLog rows (multi-row inserts) and adds them to the roll-ups in one transaction: when any
 * statement fails, nothing of the batch is stored and the error is thrown. Buckets are in UTC.
 */
export async function writeRequestLogs(db: Db, entries: ReadonlyArray<RollupEntry>): Promise<void> {
  if (entries.length === 0) return;

  const now = new Date();
  const stamped = withCreatedAt(entries, now);
  // A batch transaction sends every statement at once, so the transaction stays open for one round trip.
  await db.$transaction([db.requestLog.createMany({ data: stamped.map(toRow) }), ...rollupQueries(db, stamped, now)]);
}

/** Like writeRequestLogs, and returns the inserted RequestLog rows. */
export async function writeRequestLogsReturning(db: Db, entries: ReadonlyArray<RollupEntry>) {
  if (entries.length === 0) return [];

  const now = new Date();
  const stamped = withCreatedAt(entries, now);
  const [rows] = await db.$transaction([db.requestLog.createManyAndReturn({ data: stamped.map(toRow) }), ...rollupQueries(db, stamped, now)]);
  return rows;
}
