import type { Pool } from "pg";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { queryRollupsOf, rollupsOf, upsertQueryRollupsSql, upsertRollupsSql, type RollupEntry } from "@/lib/usage/rollup";

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

/** Builds the roll-up upserts of a batch, to run after the insert in the same transaction. */
function rollupStatements(entries: ReadonlyArray<RollupEntry>, now: Date): Prisma.Sql[] {
  return [upsertRollupsSql(rollupsOf(entries, now)), upsertQueryRollupsSql(queryRollupsOf(entries, now))].filter((sql): sql is Prisma.Sql => sql !== null);
}

/** Builds the statements that store a batch: the RequestLog insert, then the roll-up upserts. Buckets are in UTC. */
function requestLogStatements(entries: ReadonlyArray<RollupEntry>): Prisma.Sql[] {
  const now = new Date();
  const stamped = withCreatedAt(entries, now);
  return [insertRequestLogsSql(stamped.map(toRow)), ...rollupStatements(stamped, now)];
}

/**
 * Inserts the RequestLog rows (multi-row inserts) and adds them to the roll-ups in one transaction: when any
 * statement fails, nothing of the batch is stored and the error is thrown.
 */
export async function writeRequestLogs(db: Db, entries: ReadonlyArray<RollupEntry>): Promise<void> {
  if (entries.length === 0) return;

  // A batch transaction sends every statement at once, so the transaction stays open for one round trip.
  await db.$transaction(requestLogStatements(entries).map((sql) => db.$executeRaw(sql)));
}

/**
 * Writes the same statements as writeRequestLogs in one transaction on a `pg` pool, without Prisma. The
 * gateway logs every request through here: Prisma re-encodes each statement's JSON parameter, which cost
 * about a tenth of the gateway's CPU at 1,000 requests/s and held its event loop for several milliseconds
 * per batch.
 */
export async function writeRequestLogsWithPool(pool: Pool, entries: ReadonlyArray<RollupEntry>): Promise<void> {
  if (entries.length === 0) return;

  // Encoded before the first await, so the batch's objects and JSON text die young (see binaryJsonb).
  const statements = requestLogStatements(entries).map((sql) => ({ text: sql.text, values: sql.values.map(binaryJsonb) }));
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    for (const sql of statements) await client.query(sql.text, sql.values);
    await client.query("COMMIT");
  } catch (error) {
    // A failed ROLLBACK means the connection itself is gone, so it is dropped instead of reused.
    broken = await client.query("ROLLBACK").then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Sends a statement's JSON text parameter as a Buffer in jsonb's binary format: a version byte (1), then
 * the UTF-8 text. A Buffer's bytes live outside the JavaScript heap, while the text, held for the whole
 * transaction, outlived young-generation collections, and copying it was a large part of the gateway's
 * GC pauses. Every string parameter of these statements is a `::jsonb` payload; other values pass as they are.
 */
function binaryJsonb(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(value) + 1);
  bytes[0] = 1;
  bytes.write(value, 1, "utf8");
  return bytes;
}

/**
 * One INSERT for the whole batch with the rows as a single JSON parameter. The gateway writes every request
 * through here, and createMany costs far more CPU per row (a bound parameter per column per row through the
 * query compiler), which the gateway's benchmark showed as the largest part of its per-request work.
 */
function insertRequestLogsSql(rows: RequestLogRow[]): Prisma.Sql {
  // JSON.stringify writes each createdAt Date as ISO text, and a row without content leaves the key out,
  // which jsonb_to_recordset reads as NULL. So the rows go out as they are, without a converted copy of each.
  const payload = JSON.stringify(rows);
  // The createdAt text ends in "Z"; the cast to timestamp(3) keeps the UTC wall time, as Prisma stores it.
  return Prisma.sql`
    INSERT INTO "RequestLog" ("workspaceId", "source", "userId", "apiKeyId", "providerId", "modelId", "model", "route", "status",
      "httpStatus", "errorCode", "errorMessage", "inputTokens", "outputTokens", "usageEstimated", "ttftMs", "latencyMs", "cost", "currency",
      "cacheHit", "stream", "experimentId", "promptVersionId", "requestId", "deploymentId", "attempts", "fallbackUsed", "canary",
      "queryHash", "content", "createdAt")
    SELECT r."workspaceId", r."source", r."userId", r."apiKeyId", r."providerId", r."modelId", r."model", r."route", r."status",
      r."httpStatus", r."errorCode", r."errorMessage", r."inputTokens", r."outputTokens", r."usageEstimated", r."ttftMs", r."latencyMs",
      r."cost", r."currency", COALESCE(r."cacheHit", false), r."stream", r."experimentId", r."promptVersionId", r."requestId", r."deploymentId",
      COALESCE(r."attempts", 1), COALESCE(r."fallbackUsed", false), COALESCE(r."canary", false), r."queryHash", r."content", r."createdAt"
    FROM jsonb_to_recordset(${payload}::jsonb) AS r(
      "workspaceId" text, "source" text, "userId" text, "apiKeyId" text, "providerId" text, "modelId" text, "model" text, "route" text,
      "status" text, "httpStatus" integer, "errorCode" text, "errorMessage" text, "inputTokens" integer, "outputTokens" integer,
      "usageEstimated" boolean, "ttftMs" integer, "latencyMs" integer, "cost" numeric(18, 8), "currency" text, "cacheHit" boolean,
      "stream" boolean, "experimentId" text, "promptVersionId" text, "requestId" text, "deploymentId" text, "attempts" integer,
      "fallbackUsed" boolean, "canary" boolean, "queryHash" text, "content" jsonb, "createdAt" timestamp(3))`;
}

/** Like writeRequestLogs, and returns the inserted RequestLog rows. */
export async function writeRequestLogsReturning(db: Db, entries: ReadonlyArray<RollupEntry>) {
  if (entries.length === 0) return [];

  const now = new Date();
  const stamped = withCreatedAt(entries, now);
  const [rows] = await db.$transaction([db.requestLog.createManyAndReturn({ data: stamped.map(toRow) }), ...rollupStatements(stamped, now).map((sql) => db.$executeRaw(sql))]);
  return rows;
}
