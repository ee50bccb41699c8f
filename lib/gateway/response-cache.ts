import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { CachedCompletion, ResponseCache } from "./contracts";

/**
 * The gateway's response cache: an in-memory LRU bounded by the bytes of the serialised bodies, in front of
 * the GatewayCacheEntry table that all replicas share. Reads try memory, then one primary-key lookup with a
 * short timeout; writes go to memory at once and to the table in background batches. Expired entries are
 * never returned, and a sweep deletes expired rows. Callers share the returned bodies and must not change them.
 */

export type ResponseCacheOptions = {
  maxBytes: number;
  log: Logger;
  /** A database read slower than this counts as a miss; default 100 ms. */
  readTimeoutMs?: number;
  /** How often pending writes are sent to the table; default 200 ms. */
  writeIntervalMs?: number;
  /** How often expired rows are deleted; default 60 s. */
  sweepIntervalMs?: number;
  /** Pending writes kept while the table is unreachable; older ones are dropped first. Default 1000. */
  maxPendingWrites?: number;
};

/** The GatewayCacheEntry.response column: the answer and the model that wrote it, read back by other replicas. */
type StoredResponse = { body: Record<string, unknown>; modelId: string | null };

type MemoryEntry = { value: CachedCompletion; expiresAt: number; bytes: number };
type PendingWrite = { cacheKey: string; response: string; expiresAt: Date; createdAt: Date };

const MAX_ROWS_PER_WRITE = 200;
const MAX_ROWS_PER_SWEEP = 1_000;
// After a failed read the table is skipped for this long, so a down database does not cost every miss a
// connection attempt.
const READ_PAUSE_AFTER_FAILURE_MS = 1_000;

/** Least-recently-used map bounded by total bytes; Map iteration order is insertion order, oldest first. */
class ByteBoundedLru {
  private readonly entries = new Map<string, MemoryEntry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, now: number): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    // Re-inserting moves the entry to the newest end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: MemoryEntry): void {
    this.delete(key);
    // An entry larger than the whole cache would evict everything and still not fit.
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldestKey] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldestKey);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  deleteExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.delete(key);
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

export type ResponseCacheWithStats = ResponseCache & {
  /** Memory use and pending writes, for /metrics. */
  stats(): { entries: number; bytes: number; pendingWrites: number; failedWrites: number };
};

export function createResponseCache(db: Db, options: ResponseCacheOptions): ResponseCacheWithStats {
  const log = options.log.child({ component: "response-cache" });
  const readTimeoutMs = options.readTimeoutMs ?? 100;
  const maxPendingWrites = options.maxPendingWrites ?? 1_000;
  const memory = new ByteBoundedLru(Math.max(0, options.maxBytes));

  // Keyed by cache key, so a key set twice before a write is stored once with the newer value.
  const pending = new Map<string, PendingWrite>();
  let writing: Promise<void> | null = null;
  let failedWrites = 0;
  let loggedReadFailure = false;
  let readsPausedUntil = 0;

  async function readFromDatabase(cacheKey: string): Promise<MemoryEntry | null> {
    if (Date.now() < readsPausedUntil) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), readTimeoutMs);
      timer.unref();
    });
    const read = db.gatewayCacheEntry.findUnique({ where: { cacheKey }, select: { response: true, expiresAt: true, createdAt: true } });
    // A read that loses the race still finishes; its rejection must not go unhandled.
    read.catch(() => undefined);

    try {
      const row = await Promise.race([read, timeout]);
      if (row === "timeout" || row === null) return null;
      const expiresAt = row.expiresAt.getTime();
      if (expiresAt <= Date.now()) return null;

      const stored = row.response as StoredResponse;
      const value: CachedCompletion = { body: stored.body, createdAt: row.createdAt.getTime(), ...(stored.modelId ? { modelId: stored.modelId } : {}) };
      return { value, expiresAt, bytes: Buffer.byteLength(JSON.stringify(stored.body)) };
    } catch (error) {
      readsPausedUntil = Date.now() + READ_PAUSE_AFTER_FAILURE_MS;
      if (!loggedReadFailure) log.warn({ error: toSafeErrorText(error) }, "response_cache.read_failed");
      loggedReadFailure = true;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async function writePending(): Promise<void> {
    while (pending.size > 0) {
      const rows = [...pending.values()].slice(0, MAX_ROWS_PER_WRITE);
      const payload = JSON.stringify(rows.map((row) => ({ ...row, expiresAt: row.expiresAt.toISOString(), createdAt: row.createdAt.toISOString() })));
      try {
        // Timestamps travel as UTC ISO text; the cast to timestamp without time zone keeps the UTC wall time.
        await db.$executeRaw`
          INSERT INTO "GatewayCacheEntry" ("cacheKey", "response", "expiresAt", "createdAt")
          SELECT r."cacheKey", r."response"::jsonb, r."expiresAt", r."createdAt"
          FROM jsonb_to_recordset(${payload}::jsonb) AS r("cacheKey" text, "response" text, "expiresAt" timestamp(3), "createdAt" timestamp(3))
          ON CONFLICT ("cacheKey") DO UPDATE SET "response" = EXCLUDED."response", "expiresAt" = EXCLUDED."expiresAt", "createdAt" = EXCLUDED."createdAt"`;
      } catch (error) {
        failedWrites += 1;
        if (failedWrites === 1 || failedWrites % 100 === 0) log.warn({ error: toSafeErrorText(error), failedWrites, pending: pending.size }, "response_cache.write_failed");
        return;
      }
      // A key set again during the write keeps its newer pending value.
      for (const row of rows) if (pending.get(row.cacheKey) === row) pending.delete(row.cacheKey);
    }
  }

  function startWrite(): Promise<void> {
    if (!writing) {
      writing = writePending().finally(() => {
        writing = null;
      });
    }
    return writing;
  }

  async function sweep(): Promise<void> {
    memory.deleteExpired(Date.now());
    const cutoff = new Date().toISOString();
    try {
      // Bounded per run so one sweep never holds locks on a huge backlog; the next run takes the rest.
      await db.$executeRaw`
        DELETE FROM "GatewayCacheEntry" WHERE "cacheKey" IN (
          SELECT "cacheKey" FROM "GatewayCacheEntry" WHERE "expiresAt" <= ${cutoff}::timestamp(3) LIMIT ${MAX_ROWS_PER_SWEEP})`;
    } catch (error) {
      log.warn({ error: toSafeErrorText(error) }, "response_cache.sweep_failed");
    }
  }

  const writeTimer = setInterval(() => void startWrite(), options.writeIntervalMs ?? 200);
  writeTimer.unref();
  const sweepTimer = setInterval(() => void sweep(), options.sweepIntervalMs ?? 60_000);
  sweepTimer.unref();

  return {
    async get(cacheKey) {
      const now = Date.now();
      const cached = memory.get(cacheKey, now);
      if (cached) return cached.value;

      const stored = await readFromDatabase(cacheKey);
      if (!stored) return null;
      loggedReadFailure = false;
      memory.set(cacheKey, stored);
      return stored.value;
    },

    set(cacheKey, value, ttlSeconds) {
      if (!(ttlSeconds > 0)) return;
      // Memory is bounded by the body's size; the stored row wraps it with the model id (StoredResponse).
      const bodyText = JSON.stringify(value.body);
      const response = `{"body":${bodyText},"modelId":${JSON.stringify(value.modelId ?? null)}}`;
      const expiresAt = Date.now() + ttlSeconds * 1000;
      memory.set(cacheKey, { value, expiresAt, bytes: Buffer.byteLength(bodyText) });

      pending.delete(cacheKey);
      pending.set(cacheKey, { cacheKey, response, expiresAt: new Date(expiresAt), createdAt: new Date(value.createdAt) });
      // While the table is unreachable the oldest pending writes go first; the cache is best effort.
      for (const [oldestKey] of pending) {
        if (pending.size <= maxPendingWrites) break;
        pending.delete(oldestKey);
      }
    },

    async stop() {
      clearInterval(writeTimer);
      clearInterval(sweepTimer);
      while (writing) await writing;
      await startWrite();
    },

    stats() {
      return { ...memory.size, pendingWrites: pending.size, failedWrites };
    },
  };
}
