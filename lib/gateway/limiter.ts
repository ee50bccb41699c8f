import type { Db } from "@/lib/db/client";
import type { Currency } from "@/lib/llm/types";
import type { Logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { KeyLimiter, KeyPolicy, LimitDecision } from "./contracts";

/**
 * Per-key RPM, TPM and monthly budget limits, shared by every gateway replica through the database.
 *
 * - RPM is exact across replicas. Each (key, UTC minute) has a RateLimitWindow row whose `requests` counts
 *   the slots that replicas have claimed. A replica claims a batch of slots with a guarded upsert that never
 *   lets the sum pass the limit, serves requests from its claim without a database round trip, and claims
 *   again when the claim runs out. Slots claimed but unused expire with the window, so a replica that stops
 *   sending mid-minute can make the key get fewer than RPM requests that minute, never more.
 * - TPM: tokens of finished requests are added in memory and pushed to the window's `tokens` every
 *   syncIntervalMs, which also brings back the total of all replicas.
 * - Budget: month-to-date spend from the UsageRollup day rows, refreshed every few seconds per key, plus
 *   the spend this replica recorded since the last refresh started.
 *
 * When the database cannot be reached, RPM falls back to a limit per replica and TPM and budget use what
 * they last read: the gateway stays available rather than refusing every request.
 */

export type KeyLimiterOptions = {
  usdToCny: number;
  log: Logger;
  /** How often token counts are pushed to and read from the database; default 500 ms. */
  syncIntervalMs?: number;
  /** How long a key's month-to-date spend is reused before it is read again; default 5000 ms. */
  budgetRefreshMs?: number;
  /** A database call slower than this counts as the database being down; default 2000 ms. */
  databaseTimeoutMs?: number;
  /** How long RPM stays on the per-replica limit after a failed claim before trying the database again; default 5000 ms. */
  retryDatabaseAfterMs?: number;
};

const WINDOW_MS = 60_000;
// A claim takes about 5% of the limit, so a replica needs about 20 round trips per key and minute at full
// rate, and at most that share of the limit is stranded on a replica that stops sending.
const CLAIM_SHARE = 0.05;
const IDLE_STATE_MS = 3 * WINDOW_MS;
// Window rows older than this are deleted; nothing reads a window after it ends.
const KEEP_WINDOWS_MS = 10 * WINDOW_MS;
const CLEANUP_INTERVAL_MS = 5 * WINDOW_MS;

type RpmState = {
  window: number;
  /** Slots this replica claimed in the window. */
  claimed: number;
  /** Requests this replica admitted in the window. */
  used: number;
  /** The global count after this replica's last claim. */
  lastGlobal: number;
  /** The limit at which the window was found full; a raised limit reopens it. */
  fullAt: number | null;
  claiming: Promise<void> | null;
};

type TpmState = {
  window: number;
  /** Tokens of all replicas as of the last sync, including what this replica pushed. */
  global: number;
  /** Tokens recorded here and not yet pushed. */
  unsynced: number;
  loaded: boolean;
  loading: Promise<void> | null;
};

type BudgetState = {
  monthStart: number;
  /** Month-to-date spend from the roll-ups, in the key's currency. */
  stored: number;
  /** Spend recorded here since the last refresh started, in the key's currency. */
  local: number;
  loaded: boolean;
  refreshedAt: number;
  refreshing: Promise<void> | null;
};

type KeyState = { policy: KeyPolicy; lastSeen: number; rpm: RpmState; tpm: TpmState; budget: BudgetState };

const ALLOWED: LimitDecision = { allowed: true };

function windowStart(now: number): number {
  return now - (((now % WINDOW_MS) + WINDOW_MS) % WINDOW_MS);
}

function monthStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonthStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function secondsUntil(target: number, now: number): number {
  return Math.max(1, Math.ceil((target - now) / 1000));
}

/** Orders strings by UTF-16 code units, the same on every replica whatever its locale. */
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function formatAmount(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, "");
}

/** Races a database call against a timeout; a late result is ignored, and its rejection is handled. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${operation} timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createKeyLimiter(db: Db, options: KeyLimiterOptions): KeyLimiter {
  const log = options.log.child({ component: "limiter" });
  const syncIntervalMs = options.syncIntervalMs ?? 500;
  const budgetRefreshMs = options.budgetRefreshMs ?? 5_000;
  const databaseTimeoutMs = options.databaseTimeoutMs ?? 2_000;
  // At least 100 ms, so a failing database is not asked again in a tight loop.
  const retryDatabaseAfterMs = Math.max(100, options.retryDatabaseAfterMs ?? 5_000);

  const states = new Map<string, KeyState>();
  let databaseDownUntil = 0;
  let databaseDownLogged = false;
  let syncing: Promise<void> | null = null;
  // Token syncs run one after another: two overlapping syncs would both push the same unsynced tokens.
  let tokenSyncChain: Promise<void> = Promise.resolve();
  let syncFailureLogged = false;
  let budgetFailureLogged = false;

  function stateOf(key: KeyPolicy, now: number): KeyState {
    let state = states.get(key.id);
    if (!state) {
      state = {
        policy: key,
        lastSeen: Date.now(),
        rpm: { window: windowStart(now), claimed: 0, used: 0, lastGlobal: 0, fullAt: null, claiming: null },
        tpm: { window: windowStart(now), global: 0, unsynced: 0, loaded: false, loading: null },
        budget: { monthStart: monthStart(now), stored: 0, local: 0, loaded: false, refreshedAt: 0, refreshing: null },
      };
      states.set(key.id, state);
    }
    state.policy = key;
    state.lastSeen = Date.now();
    return state;
  }

  function noteDatabaseDown(error: unknown, operation: string): void {
    databaseDownUntil = Date.now() + retryDatabaseAfterMs;
    if (databaseDownLogged) return;
    databaseDownLogged = true;
    log.warn({ error: toSafeErrorText(error), during: operation }, "limiter.database_unreachable_rpm_per_replica");
  }

  function noteDatabaseUp(): void {
    databaseDownUntil = 0;
    if (!databaseDownLogged) return;
    databaseDownLogged = false;
    log.info("limiter.database_reachable_rpm_shared");
  }

  // ----- RPM -----------------------------------------------------------------------------------------

  async function takeRequestSlot(state: KeyState, limit: number, now: number): Promise<LimitDecision> {
    const rpm = state.rpm;
    const window = windowStart(now);
    if (rpm.window !== window) Object.assign(rpm, { window, claimed: 0, used: 0, lastGlobal: 0, fullAt: null });
    if (rpm.fullAt !== null && limit > rpm.fullAt) rpm.fullAt = null;

    for (;;) {
      if (limit <= 0 || rpm.used >= limit) return rpmRejection(state.policy, limit, now);
      if (rpm.used < rpm.claimed) {
        rpm.used += 1;
        return ALLOWED;
      }
      if (Date.now() < databaseDownUntil) {
        // Per-replica fallback: up to the whole limit on each replica until the database responds again.
        rpm.used += 1;
        return ALLOWED;
      }
      if (rpm.fullAt !== null) return rpmRejection(state.policy, limit, now);

      if (!rpm.claiming) {
        rpm.claiming = claimSlots(state, limit, window).finally(() => {
          rpm.claiming = null;
        });
      }
      await rpm.claiming;
      // A claim for an older window must not count toward a new one.
      if (rpm.window !== window) return takeRequestSlot(state, limit, now);
    }
  }

  /**
   * Claims a batch of request slots for this replica. The upsert only adds when the sum stays within the
   * limit. When it does not, the batch is halved down to one slot, and a failed single slot means the
   * window is full. The batch also shrinks as the window fills, so the last slots spread over the replicas.
   */
  async function claimSlots(state: KeyState, limit: number, window: number): Promise<void> {
    const rpm = state.rpm;
    const remaining = Math.max(1, limit - rpm.lastGlobal);
    let batch = Math.min(limit, Math.max(1, Math.floor(limit * CLAIM_SHARE)), Math.max(1, Math.ceil(remaining / 4)));
    const windowText = new Date(window).toISOString();

    try {
      while (batch >= 1) {
        const rows = await withTimeout(
          db.$queryRaw<Array<{ requests: number; tokens: number }>>`
            INSERT INTO "RateLimitWindow" ("apiKeyId", "windowStart", "requests", "tokens")
            VALUES (${state.policy.id}, ${windowText}::timestamp(3), ${batch}::int, 0)
            ON CONFLICT ("apiKeyId", "windowStart") DO UPDATE SET "requests" = "RateLimitWindow"."requests" + EXCLUDED."requests"
            WHERE "RateLimitWindow"."requests" + EXCLUDED."requests" <= ${limit}::int
            RETURNING "requests", "tokens"`,
          databaseTimeoutMs,
          "claiming request slots",
        );
        noteDatabaseUp();
        const row = rows[0];
        if (rpm.window !== window) return;
        if (row) {
          rpm.claimed += batch;
          rpm.lastGlobal = row.requests;
          seeTokens(state, window, row.tokens);
          return;
        }
        batch = Math.floor(batch / 2);
      }
      rpm.fullAt = limit;
    } catch (error) {
      noteDatabaseDown(error, "claiming request slots");
    }
  }

  function rpmRejection(key: KeyPolicy, limit: number, now: number): LimitDecision {
    const retryAfterSeconds = secondsUntil(windowStart(now) + WINDOW_MS, now);
    return {
      allowed: false,
      kind: "rpm",
      retryAfterSeconds,
      message: `API key ${key.prefix} has used its ${limit} requests per minute; retry after ${retryAfterSeconds} s or ask an admin to raise its RPM`,
    };
  }

  // ----- TPM -----------------------------------------------------------------------------------------

  function currentTpm(state: KeyState, now: number): TpmState {
    const tpm = state.tpm;
    const window = windowStart(now);
    // Tokens not pushed before their window ended no longer limit anything, so they are dropped.
    if (tpm.window !== window) Object.assign(tpm, { window, global: 0, unsynced: 0, loaded: false, loading: null });
    return tpm;
  }

  /** Takes the window total from a query result, unless a newer window has started meanwhile. */
  function seeTokens(state: KeyState, window: number, globalTokens: number): void {
    if (state.tpm.window !== window) return;
    state.tpm.global = Math.max(state.tpm.global, globalTokens);
    state.tpm.loaded = true;
  }

  async function checkTokens(state: KeyState, limit: number, now: number): Promise<LimitDecision> {
    const tpm = currentTpm(state, now);
    if (!tpm.loaded) {
      // The first request of a key in a window reads the other replicas' total once; later ones use the sync.
      tpm.loading ??= syncTokensInOrder([state]).finally(() => {
        tpm.loading = null;
      });
      await tpm.loading;
      tpm.loaded = true;
    }

    const used = tpm.global + tpm.unsynced;
    if (used < limit) return ALLOWED;
    const retryAfterSeconds = secondsUntil(tpm.window + WINDOW_MS, now);
    return {
      allowed: false,
      kind: "tpm",
      retryAfterSeconds,
      message: `API key ${state.policy.prefix} has used ${used} of its ${limit} tokens per minute; retry after ${retryAfterSeconds} s or ask an admin to raise its TPM`,
    };
  }

  function syncTokensInOrder(selected: KeyState[]): Promise<void> {
    const run = tokenSyncChain.then(() => syncTokens(selected));
    tokenSyncChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Pushes the unsynced tokens of the given keys in one statement and reads back each window's total. Rows
   * go in key order so two replicas syncing the same keys lock them in the same order.
   */
  async function syncTokens(selected: KeyState[]): Promise<void> {
    const batch = selected
      .map((state) => ({ state, window: state.tpm.window, tokens: state.tpm.unsynced }))
      .sort((a, b) => compareText(a.state.policy.id, b.state.policy.id));
    if (batch.length === 0) return;

    const payload = JSON.stringify(batch.map((item) => ({ apiKeyId: item.state.policy.id, windowStart: new Date(item.window).toISOString(), tokens: item.tokens })));
    try {
      const rows = await withTimeout(
        db.$queryRaw<Array<{ apiKeyId: string; tokens: number }>>`
          INSERT INTO "RateLimitWindow" ("apiKeyId", "windowStart", "requests", "tokens")
          SELECT r."apiKeyId", r."windowStart", 0, r."tokens"
          FROM jsonb_to_recordset(${payload}::jsonb) AS r("apiKeyId" text, "windowStart" timestamp(3), "tokens" integer)
          ON CONFLICT ("apiKeyId", "windowStart") DO UPDATE SET "tokens" = "RateLimitWindow"."tokens" + EXCLUDED."tokens"
          RETURNING "apiKeyId", "tokens"`,
        databaseTimeoutMs,
        "syncing token counts",
      );
      const totals = new Map(rows.map((row) => [row.apiKeyId, row.tokens]));
      for (const item of batch) {
        if (item.state.tpm.window !== item.window) continue;
        item.state.tpm.unsynced -= item.tokens;
        seeTokens(item.state, item.window, totals.get(item.state.policy.id) ?? 0);
      }
      syncFailureLogged = false;
    } catch (error) {
      // The counts stay in memory and go with the next sync; admission uses the last known total meanwhile.
      if (!syncFailureLogged) log.warn({ error: toSafeErrorText(error), keys: batch.length }, "limiter.token_sync_failed");
      syncFailureLogged = true;
    }
  }

  function syncActiveKeys(): Promise<void> {
    if (syncing) return syncing;
    const now = Date.now();
    const active: KeyState[] = [];
    for (const [keyId, state] of states) {
      if (now - state.lastSeen > IDLE_STATE_MS) {
        states.delete(keyId);
        continue;
      }
      // Keys seen in the last minute, or holding tokens to push. Callers may pass their own `now`, so the
      // state's window is not compared with this clock.
      if (state.policy.tpmLimit !== null && (state.tpm.unsynced > 0 || now - state.lastSeen < WINDOW_MS)) active.push(state);
    }
    syncing = syncTokensInOrder(active).finally(() => {
      syncing = null;
    });
    return syncing;
  }

  // ----- Budget --------------------------------------------------------------------------------------

  function toKeyCurrency(amount: number, from: string, to: Currency): number | null {
    if (from === to) return amount;
    if (from === "USD" && to === "CNY") return amount * options.usdToCny;
    if (from === "CNY" && to === "USD") return amount / options.usdToCny;
    return null;
  }

  function currentBudget(state: KeyState, now: number): BudgetState {
    const budget = state.budget;
    const month = monthStart(now);
    if (budget.monthStart !== month) Object.assign(budget, { monthStart: month, stored: 0, local: 0, loaded: false, refreshedAt: 0, refreshing: null });
    return budget;
  }

  /**
   * Reads the key's month-to-date spend from the UsageRollup day rows. Local spend recorded before the read
   * started is assumed to be in the roll-ups by then and is subtracted from the local count.
   * NOTE: the log sink writes every 250 ms, so spend recorded just before a refresh may be in neither count
   * until the next refresh. The budget can be exceeded by that much.
   */
  async function refreshBudget(state: KeyState): Promise<void> {
    const budget = state.budget;
    const month = budget.monthStart;
    const localBefore = budget.local;
    const key = state.policy;

    try {
      const sums = await withTimeout(
        db.usageRollup.groupBy({
          by: ["currency"],
          where: { workspaceId: key.workspaceId, apiKeyId: key.id, granularity: "day", bucket: { gte: new Date(month) } },
          _sum: { cost: true },
        }),
        databaseTimeoutMs,
        "reading month-to-date spend",
      );
      if (budget.monthStart !== month) return;

      let stored = 0;
      for (const sum of sums) {
        const converted = toKeyCurrency(Number(sum._sum.cost ?? 0), sum.currency, key.budgetCurrency);
        if (converted !== null) stored += converted;
      }
      budget.stored = stored;
      budget.local -= localBefore;
      budgetFailureLogged = false;
    } catch (error) {
      // Fail open: the last known spend (or none) remains in effect until the next refresh.
      if (!budgetFailureLogged) log.warn({ error: toSafeErrorText(error), apiKeyId: key.id }, "limiter.budget_refresh_failed");
      budgetFailureLogged = true;
    } finally {
      budget.loaded = true;
      budget.refreshedAt = Date.now();
    }
  }

  async function checkBudget(state: KeyState, budgetLimit: number, now: number): Promise<LimitDecision> {
    const budget = currentBudget(state, now);
    if (!budget.loaded || Date.now() - budget.refreshedAt >= budgetRefreshMs) {
      budget.refreshing ??= refreshBudget(state).finally(() => {
        budget.refreshing = null;
      });
      // Only the first check of a key (or month) waits; later refreshes run in the background.
      if (!budget.loaded) await budget.refreshing;
    }

    const spent = budget.stored + budget.local;
    if (spent < budgetLimit) return ALLOWED;
    const currency = state.policy.budgetCurrency;
    const retryAfterSeconds = secondsUntil(nextMonthStart(now), now);
    return {
      allowed: false,
      kind: "budget",
      retryAfterSeconds,
      message: `API key ${state.policy.prefix} has spent ${formatAmount(spent)} ${currency} of its monthly budget of ${formatAmount(budgetLimit)} ${currency}; retry after ${retryAfterSeconds} s, when the next month starts (UTC), or ask an admin to raise its budget`,
    };
  }

  // ----- Wiring ----------------------------------------------------------------------------------------

  async function deleteOldWindows(): Promise<void> {
    const cutoff = new Date(Date.now() - KEEP_WINDOWS_MS).toISOString();
    try {
      await withTimeout(db.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "windowStart" < ${cutoff}::timestamp(3)`, databaseTimeoutMs, "deleting old windows");
    } catch (error) {
      log.warn({ error: toSafeErrorText(error) }, "limiter.window_cleanup_failed");
    }
  }

  const syncTimer = setInterval(() => void syncActiveKeys(), syncIntervalMs);
  syncTimer.unref();
  const cleanupTimer = setInterval(() => void deleteOldWindows(), CLEANUP_INTERVAL_MS);
  cleanupTimer.unref();

  return {
    async admit(key, now = Date.now()) {
      if (key.rpmLimit === null && key.tpmLimit === null && key.monthlyBudget === null) return ALLOWED;
      const state = stateOf(key, now);
      try {
        // Budget and TPM first, so a rejected request does not use up an RPM slot.
        if (key.monthlyBudget !== null) {
          const decision = await checkBudget(state, key.monthlyBudget, now);
          if (!decision.allowed) return decision;
        }
        if (key.tpmLimit !== null) {
          const decision = await checkTokens(state, key.tpmLimit, now);
          if (!decision.allowed) return decision;
        }
        if (key.rpmLimit !== null) return await takeRequestSlot(state, key.rpmLimit, now);
        return ALLOWED;
      } catch (error) {
        // Every database call above handles its own failure; this guards the request path against bugs.
        log.error({ error: toSafeErrorText(error), apiKeyId: key.id }, "limiter.admit_failed");
        return ALLOWED;
      }
    },

    record(key, usage, now = Date.now()) {
      if (key.tpmLimit === null && key.monthlyBudget === null) return;
      const state = stateOf(key, now);
      if (key.tpmLimit !== null && usage.tokens > 0) currentTpm(state, now).unsynced += Math.round(usage.tokens);
      if (key.monthlyBudget !== null && usage.cost !== null && usage.cost > 0 && usage.currency !== null) {
        const converted = toKeyCurrency(usage.cost, usage.currency, key.budgetCurrency);
        if (converted !== null) currentBudget(state, now).local += converted;
      }
    },

    async flush() {
      while (syncing) await syncing;
      await syncActiveKeys();
    },

    async stop() {
      clearInterval(syncTimer);
      clearInterval(cleanupTimer);
      while (syncing) await syncing;
      await syncActiveKeys();
    },
  };
}
