import pg from "pg";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import type { Logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import { writeRequestLogsWithPool } from "@/lib/usage/log-writer";
import type { GatewayDeps } from "./app";
import { createCanaryMonitor } from "./canary-monitor";
import { createConfigStore } from "./config-store";
import { createKeyLimiter } from "./limiter";
import { createLogSink } from "./log-sink";
import { createGatewayMetrics } from "./metrics";
import { startProcessMetrics } from "./process-metrics";
import { createResponseCache } from "./response-cache";

/** The gateway settings read from the environment (lib/env/schema.ts documents each). */
export type GatewayRuntimeSettings = Pick<
  Env,
  | "LUODI_GATEWAY_REFRESH_MS"
  | "LUODI_GATEWAY_MAX_BODY_MB"
  | "LUODI_GATEWAY_MAX_N"
  | "LUODI_GATEWAY_LOG_BUFFER"
  | "LUODI_GATEWAY_LOG_FLUSH_MS"
  | "LUODI_GATEWAY_MAX_IN_FLIGHT"
  | "LUODI_GATEWAY_CACHE_MB"
  | "LUODI_USD_TO_CNY"
>;

export type GatewayRuntime = {
  deps: GatewayDeps;
  /** Starts the config refresh; the first load runs in the background, so a down database does not block startup. */
  start(): void;
  /** Stops the timers and writes what is still buffered: request logs, limiter counters, cache writes. */
  stop(): Promise<void>;
};

export type GatewayRuntimeOptions = {
  log: Logger;
  settings: GatewayRuntimeSettings;
  startedAt?: Date;
  /** Random source for weighted routing and canary shares, for seeded tests. */
  random?: () => number;
  /** Log sink timings, so tests can flush quickly after a database outage. */
  logSink?: { flushIntervalMs?: number; maxBackoffMs?: number };
  /**
   * The database URL of `db`. With it, request logs are written through a small `pg` pool of their own
   * instead of the Prisma client, which takes far less of the event loop per batch.
   */
  databaseUrl?: string;
};

const BYTES_PER_MB = 1024 * 1024;

/** Builds the gateway's parts from a database client and the environment's settings. */
export function createGatewayRuntime(db: Db, options: GatewayRuntimeOptions): GatewayRuntime {
  const { log, settings } = options;
  const config = createConfigStore(db, { refreshMs: settings.LUODI_GATEWAY_REFRESH_MS, log });
  const limiter = createKeyLimiter(db, { usdToCny: settings.LUODI_USD_TO_CNY, log });
  const cache = createResponseCache(db, { maxBytes: Math.round(settings.LUODI_GATEWAY_CACHE_MB * BYTES_PER_MB), log });
  const logPool = options.databaseUrl ? createLogPool(options.databaseUrl, log) : null;
  const write = logPool ? (batch: Parameters<typeof writeRequestLogsWithPool>[1]) => writeRequestLogsWithPool(logPool, batch) : undefined;
  const logSink = createLogSink(db, { maxBuffered: settings.LUODI_GATEWAY_LOG_BUFFER, flushIntervalMs: settings.LUODI_GATEWAY_LOG_FLUSH_MS, log, write, ...options.logSink });
  const canary = createCanaryMonitor(db, {
    log,
    onRollback: (deploymentId, note) => {
      config.markCanaryRolledBack(deploymentId);
      log.warn({ deploymentId, note }, "gateway.canary_stopped");
    },
  });

  const deps: GatewayDeps = {
    db,
    log,
    startedAt: options.startedAt ?? new Date(),
    config,
    limiter,
    cache,
    logSink,
    canary,
    metrics: createGatewayMetrics(),
    processMetrics: startProcessMetrics(),
    settings: {
      maxBodyBytes: Math.round(settings.LUODI_GATEWAY_MAX_BODY_MB * BYTES_PER_MB),
      maxN: settings.LUODI_GATEWAY_MAX_N,
      maxInFlight: settings.LUODI_GATEWAY_MAX_IN_FLIGHT,
    },
    load: { inFlight: 0 },
    random: options.random,
  };

  return {
    deps,
    start: () => config.start(),
    async stop() {
      config.stop();
      deps.processMetrics?.stop();
      // Each part is stopped even when another fails, so one stuck write does not lose the others.
      const parts: Array<[string, () => Promise<void>]> = [
        ["log_sink", () => logSink.stop()],
        ["limiter", async () => {
          await limiter.flush();
          await limiter.stop();
        }],
        ["cache", () => cache.stop()],
        ["canary", () => canary.drain()],
        ["log_pool", async () => void (await logPool?.end())],
      ];
      for (const [part, stop] of parts) {
        try {
          await stop();
        } catch (error) {
          log.error({ part, error: toSafeErrorText(error) }, "gateway.stop_part_failed");
        }
      }
    },
  };
}

/** Creates the request-log pool. The sink writes one batch at a time, so one connection is enough. */
function createLogPool(connectionString: string, log: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 1 });
  // An idle connection that the database closes emits an error, which would end the process without a listener.
  pool.on("error", (error) => log.warn({ error: toSafeErrorText(error) }, "gateway.log_pool_connection_lost"));
  return pool;
}
