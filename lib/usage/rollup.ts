import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { GatewayLogEntry } from "@/lib/gateway/contracts";
import { emptyHistogram, latencySlot } from "@/lib/usage/latency-histogram";
import type { RequestLogEntry } from "@/lib/usage/request-log";

/**
 * Roll-ups of request-log entries: UsageRollup rows per minute, hour and day bucket (UTC) and QueryRollup
 * rows per day and query hash. rollupsOf and queryRollupsOf are pure. Each upsert adds a batch to the
 * stored rows in one statement, so it can run inside the transaction that inserts the log rows.
 */

export const ROLLUP_GRANULARITIES = ["minute", "hour", "day"] as const;

/**
 * Hour rows summed over every dimension except source and currency. A 30-day hour chart without a model,
 * key or route filter reads about 720 of these per source and currency instead of a million detail rows.
 */
export const HOUR_SOURCE_GRANULARITY = "hour_source";

export type DetailGranularity = (typeof ROLLUP_GRANULARITIES)[number];
export type RollupGranularity = DetailGranularity | typeof HOUR_SOURCE_GRANULARITY;

/** A UsageRollup row; "" stands for "none" in apiKeyId, route, modelId and currency, as in the table. */
export type RollupRow = {
  workspaceId: string;
  granularity: RollupGranularity;
  /** Start of the bucket in UTC. */
  bucket: Date;
  source: string;
  apiKeyId: string;
  route: string;
  modelId: string;
  /** Model name of the first entry in the batch; it is a label, not part of the unique key. */
  model: string;
  currency: string;
  requests: number;
  /** Entries with status "error"; cancelled calls are not errors. */
  errors: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencySumMs: number;
  ttftSumMs: number;
  ttftCount: number;
  /** Counts per slot of LATENCY_BOUNDS_MS. */
  latencyHist: number[];
};

/** A QueryRollup row; text is the PII-masked query or "" when no entry of the batch carried it. */
export type QueryRollupRow = {
  workspaceId: string;
  /** UTC midnight of the day. */
  day: Date;
  queryHash: string;
  text: string;
  count: number;
};

export type RollupEntry = RequestLogEntry | GatewayLogEntry;

/** Anything that runs raw SQL: the Prisma client or an interactive transaction client. */
export type SqlExecutor = Pick<Db, "$executeRaw"> | Pick<Prisma.TransactionClient, "$executeRaw">;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

// Costs are summed in units of 1e-8, the scale of the cost columns, so adding many small floats does not
// drift. A double represents such integers exactly up to about 90 million currency units per row and batch.
const COST_SCALE = 1e8;

/** Start of the UTC minute, hour or day that contains the instant. */
export function bucketStart(at: Date, granularity: DetailGranularity): Date {
  const ms = at.getTime();
  if (granularity === "minute") return new Date(ms - mod(ms, MINUTE_MS));
  if (granularity === "hour") return new Date(ms - mod(ms, HOUR_MS));
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

/** When the entry happened: GatewayLogEntry carries createdAt; other entries count at `now`. */
export function entryTime(entry: RollupEntry, now: Date): Date {
  return "createdAt" in entry && entry.createdAt instanceof Date ? entry.createdAt : now;
}

type Accumulator = { row: RollupRow; costUnits: number };

/**
 * Groups entries into minute, hour and day rows keyed like UsageRollup's unique key, with summed metrics
 * and latency histograms. Entries without createdAt count at `now`. The rows come sorted by that key, so
 * concurrent writers lock shared rows in the same order, which avoids deadlocks between them.
 */
export function rollupsOf(entries: ReadonlyArray<RollupEntry>, now: Date = new Date()): RollupRow[] {
  const groups = new Map<string, Accumulator>();

  // Runs for every logged request, so the key is built once per entry from numbers and strings, and row
  // objects are created only for new groups.
  for (const entry of entries) {
    const atMs = entryTime(entry, now).getTime();
    const dimensionsKey = [entry.workspaceId, entry.source, entry.apiKeyId ?? "", entry.route ?? "", entry.modelId ?? "", entry.currency ?? ""].join("\u0000");
    for (const granularity of ROLLUP_GRANULARITIES) {
      const bucketMs = atMs - mod(atMs, GRANULARITY_MS[granularity]);
      addEntry(groupOf(groups, `${granularity}\u0000${bucketMs}\u0000${dimensionsKey}`, entry, granularity, bucketMs, true), entry);
    }

    const hourMs = atMs - mod(atMs, HOUR_MS);
    const summaryKey = `${HOUR_SOURCE_GRANULARITY}\u0000${hourMs}\u0000${entry.workspaceId}\u0000${entry.source}\u0000${entry.currency ?? ""}`;
    addEntry(groupOf(groups, summaryKey, entry, HOUR_SOURCE_GRANULARITY, hourMs, false), entry);
  }

  return sortedRows(groups);
}

/** Finds or creates the group of `key`; a summary group (withDetails false) leaves key, route and model empty. */
function groupOf(groups: Map<string, Accumulator>, key: string, entry: RollupEntry, granularity: RollupGranularity, bucketMs: number, withDetails: boolean): Accumulator {
  let group = groups.get(key);
  if (group) return group;

  const dimensions = {
    workspaceId: entry.workspaceId,
    granularity,
    bucket: new Date(bucketMs),
    source: entry.source,
    apiKeyId: withDetails ? (entry.apiKeyId ?? "") : "",
    route: withDetails ? (entry.route ?? "") : "",
    modelId: withDetails ? (entry.modelId ?? "") : "",
    currency: entry.currency ?? "",
  };
  group = { row: { ...dimensions, model: withDetails ? entry.model : "", ...zeroMetrics() }, costUnits: 0 };
  groups.set(key, group);
  return group;
}

// UTC has no leap seconds in JavaScript time, so a day bucket is a plain multiple of 24 hours.
const GRANULARITY_MS: Record<DetailGranularity, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: 24 * HOUR_MS };

function zeroMetrics() {
  return {
    requests: 0,
    errors: 0,
    cacheHits: 0,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0,
    latencySumMs: 0,
    ttftSumMs: 0,
    ttftCount: 0,
    latencyHist: emptyHistogram(),
  };
}

function addEntry(group: Accumulator, entry: RollupEntry): void {
  const row = group.row;
  const latencyMs = nonNegativeInteger(entry.latencyMs);

  row.requests += 1;
  if (entry.status === "error") row.errors += 1;
  if (entry.cacheHit) row.cacheHits += 1;
  row.inputTokens += nonNegativeInteger(entry.inputTokens);
  row.outputTokens += nonNegativeInteger(entry.outputTokens);
  if (entry.cost !== null && Number.isFinite(entry.cost)) group.costUnits += Math.round(entry.cost * COST_SCALE);
  row.latencySumMs += latencyMs;
  if (entry.ttftMs !== null && Number.isFinite(entry.ttftMs)) {
    row.ttftSumMs += nonNegativeInteger(entry.ttftMs);
    row.ttftCount += 1;
  }
  row.latencyHist[latencySlot(latencyMs)]! += 1;
}

function nonNegativeInteger(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}

function rollupKey(row: Pick<RollupRow, "workspaceId" | "granularity" | "bucket" | "source" | "apiKeyId" | "route" | "modelId" | "currency">): string {
  // NUL cannot occur in Postgres text, so it separates the parts without ambiguity.
  return [row.workspaceId, row.granularity, row.bucket.toISOString(), row.source, row.apiKeyId, row.route, row.modelId, row.currency].join("\u0000");
}

/** Orders strings by UTF-16 code units, the same on every replica whatever its locale. */
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function sortedRows(groups: Map<string, Accumulator>): RollupRow[] {
  return [...groups.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, group]) => ({ ...group.row, cost: group.costUnits / COST_SCALE }));
}

/** Merges rows that share a unique key, because one INSERT ... ON CONFLICT may not touch a row twice. */
function mergeDuplicateRows(rows: ReadonlyArray<RollupRow>): RollupRow[] {
  const groups = new Map<string, Accumulator>();
  for (const row of rows) {
    const key = rollupKey(row);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { row: { ...row, latencyHist: [...row.latencyHist] }, costUnits: Math.round(row.cost * COST_SCALE) });
      continue;
    }
    const target = group.row;
    target.requests += row.requests;
    target.errors += row.errors;
    target.cacheHits += row.cacheHits;
    target.inputTokens += row.inputTokens;
    target.outputTokens += row.outputTokens;
    group.costUnits += Math.round(row.cost * COST_SCALE);
    target.latencySumMs += row.latencySumMs;
    target.ttftSumMs += row.ttftSumMs;
    target.ttftCount += row.ttftCount;
    for (let slot = 0; slot < row.latencyHist.length; slot++) target.latencyHist[slot] = (target.latencyHist[slot] ?? 0) + (row.latencyHist[slot] ?? 0);
  }
  return sortedRows(groups);
}

/** Formats a cost with the 8 decimals of the cost columns, as a string so Postgres reads it exactly. */
function costText(cost: number): string {
  return (Math.round(cost * COST_SCALE) / COST_SCALE).toFixed(8);
}

/**
 * Builds the upsert of a batch of UsageRollup rows without running it, for a batch transaction
 * (`db.$transaction([...])`); null when there is nothing to write.
 */
export function upsertRollupsQuery(executor: SqlExecutor, rows: ReadonlyArray<RollupRow>): Prisma.PrismaPromise<number> | null {
  const sql = upsertRollupsSql(rows);
  return sql ? executor.$executeRaw(sql) : null;
}

/** Builds the UsageRollup upsert as SQL text and values without running it; null when there is nothing to write. */
export function upsertRollupsSql(rows: ReadonlyArray<RollupRow>): Prisma.Sql | null {
  if (rows.length === 0) return null;

  // Big integers travel as strings: JSON numbers above 2^53 would lose digits.
  const payload = JSON.stringify(
    mergeDuplicateRows(rows).map((row) => ({
      workspaceId: row.workspaceId,
      granularity: row.granularity,
      bucket: row.bucket.toISOString(),
      source: row.source,
      apiKeyId: row.apiKeyId,
      route: row.route,
      modelId: row.modelId,
      model: row.model,
      currency: row.currency,
      requests: row.requests,
      errors: row.errors,
      cacheHits: row.cacheHits,
      inputTokens: String(row.inputTokens),
      outputTokens: String(row.outputTokens),
      cost: costText(row.cost),
      latencySumMs: String(row.latencySumMs),
      ttftSumMs: String(row.ttftSumMs),
      ttftCount: row.ttftCount,
      latencyHist: row.latencyHist,
    })),
  );

  // The bucket text ends in "Z". A cast to timestamp without time zone ignores the zone, so the column gets
  // the UTC wall time, as Prisma stores DateTime columns. Histograms add slot by slot, and unnest pads the
  // shorter array with NULLs.
  return Prisma.sql`
    INSERT INTO "UsageRollup" ("workspaceId", "granularity", "bucket", "source", "apiKeyId", "route", "modelId", "model", "currency",
      "requests", "errors", "cacheHits", "inputTokens", "outputTokens", "cost", "latencySumMs", "ttftSumMs", "ttftCount", "latencyHist")
    SELECT r."workspaceId", r."granularity", r."bucket", r."source", r."apiKeyId", r."route", r."modelId", r."model", r."currency",
      r."requests", r."errors", r."cacheHits", r."inputTokens", r."outputTokens", r."cost", r."latencySumMs", r."ttftSumMs", r."ttftCount", r."latencyHist"
    FROM jsonb_to_recordset(${payload}::jsonb) AS r(
      "workspaceId" text, "granularity" text, "bucket" timestamp(3), "source" text, "apiKeyId" text, "route" text, "modelId" text,
      "model" text, "currency" text, "requests" integer, "errors" integer, "cacheHits" integer, "inputTokens" bigint, "outputTokens" bigint,
      "cost" numeric(24, 8), "latencySumMs" bigint, "ttftSumMs" bigint, "ttftCount" integer, "latencyHist" integer[])
    ON CONFLICT ("workspaceId", "granularity", "bucket", "source", "apiKeyId", "route", "modelId", "currency") DO UPDATE SET
      "model" = EXCLUDED."model",
      "requests" = "UsageRollup"."requests" + EXCLUDED."requests",
      "errors" = "UsageRollup"."errors" + EXCLUDED."errors",
      "cacheHits" = "UsageRollup"."cacheHits" + EXCLUDED."cacheHits",
      "inputTokens" = "UsageRollup"."inputTokens" + EXCLUDED."inputTokens",
      "outputTokens" = "UsageRollup"."outputTokens" + EXCLUDED."outputTokens",
      "cost" = "UsageRollup"."cost" + EXCLUDED."cost",
      "latencySumMs" = "UsageRollup"."latencySumMs" + EXCLUDED."latencySumMs",
      "ttftSumMs" = "UsageRollup"."ttftSumMs" + EXCLUDED."ttftSumMs",
      "ttftCount" = "UsageRollup"."ttftCount" + EXCLUDED."ttftCount",
      "latencyHist" = ARRAY(
        SELECT COALESCE(stored, 0) + COALESCE(added, 0)
        FROM unnest("UsageRollup"."latencyHist", EXCLUDED."latencyHist") WITH ORDINALITY AS slots(stored, added, position)
        ORDER BY position)`;
}

/** Adds the rows to the stored UsageRollup rows (inserting missing ones) in one statement. */
export async function upsertRollups(executor: SqlExecutor, rows: RollupRow[]): Promise<void> {
  await upsertRollupsQuery(executor, rows);
}

/**
 * Counts entries that carry a queryHash per workspace, UTC day and hash. The text is the first non-empty
 * queryText of the group, or "" when no entry carried one (its key does not allow storing content).
 */
export function queryRollupsOf(entries: ReadonlyArray<RollupEntry>, now: Date = new Date()): QueryRollupRow[] {
  const groups = new Map<string, QueryRollupRow>();

  for (const entry of entries) {
    if (!("queryHash" in entry) || !entry.queryHash) continue;
    const day = bucketStart(entryTime(entry, now), "day");
    const key = [entry.workspaceId, day.toISOString(), entry.queryHash].join("\u0000");
    let row = groups.get(key);
    if (!row) {
      row = { workspaceId: entry.workspaceId, day, queryHash: entry.queryHash, text: "", count: 0 };
      groups.set(key, row);
    }
    row.count += 1;
    if (!row.text && entry.queryText) row.text = entry.queryText;
  }

  const sorted = [...groups.entries()].sort(([a], [b]) => compareText(a, b));
  return sorted.map(([, row]) => row);
}

/** Builds the QueryRollup upsert without running it; null when there is nothing to write. */
export function upsertQueryRollupsQuery(executor: SqlExecutor, rows: ReadonlyArray<QueryRollupRow>): Prisma.PrismaPromise<number> | null {
  const sql = upsertQueryRollupsSql(rows);
  return sql ? executor.$executeRaw(sql) : null;
}

/** Builds the QueryRollup upsert as SQL text and values without running it; null when there is nothing to write. */
export function upsertQueryRollupsSql(rows: ReadonlyArray<QueryRollupRow>): Prisma.Sql | null {
  if (rows.length === 0) return null;

  const merged = new Map<string, QueryRollupRow>();
  for (const row of rows) {
    const key = [row.workspaceId, row.day.toISOString(), row.queryHash].join("\u0000");
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...row });
    else {
      existing.count += row.count;
      if (!existing.text) existing.text = row.text;
    }
  }
  const payload = JSON.stringify(
    [...merged.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, row]) => ({ workspaceId: row.workspaceId, day: row.day.toISOString().slice(0, 10), queryHash: row.queryHash, text: row.text, count: row.count })),
  );

  // A stored text is kept; an empty one is filled when this batch carries the text.
  return Prisma.sql`
    INSERT INTO "QueryRollup" ("workspaceId", "day", "queryHash", "text", "count")
    SELECT r."workspaceId", r."day", r."queryHash", r."text", r."count"
    FROM jsonb_to_recordset(${payload}::jsonb) AS r("workspaceId" text, "day" date, "queryHash" text, "text" text, "count" integer)
    ON CONFLICT ("workspaceId", "day", "queryHash") DO UPDATE SET
      "count" = "QueryRollup"."count" + EXCLUDED."count",
      "text" = CASE WHEN "QueryRollup"."text" = '' THEN EXCLUDED."text" ELSE "QueryRollup"."text" END`;
}

/** Adds the rows to the stored QueryRollup rows (inserting missing ones) in one statement. */
export async function upsertQueryRollups(executor: SqlExecutor, rows: QueryRollupRow[]): Promise<void> {
  await upsertQueryRollupsQuery(executor, rows);
}
