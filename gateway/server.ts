import { createDb, type Db } from "@/lib/db/client";
import { EnvError, env } from "@/lib/env";
import { createGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/runtime";
import { PortInUseError, startGatewayServer, type GatewayServer } from "@/lib/gateway/server";
import { logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import { HEARTBEAT_INTERVAL_MS, registerInstance, type InstanceHandle } from "@/lib/system/instance";

const log = logger.child({ service: "gateway" });

// Requests in flight get this long to finish after SIGTERM, within the usual 30 s before SIGKILL.
const SHUTDOWN_GRACE_MS = 10_000;

/** Parts started so far. Shutdown stops whichever exist, so a signal during startup is safe. */
type Running = { db?: Db; runtime?: GatewayRuntime; gateway?: GatewayServer; instance?: InstanceHandle; heartbeatTimer?: NodeJS.Timeout };
const running: Running = {};
let stopping = false;

async function main(): Promise<void> {
  const config = env();
  if (!config.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the gateway through the launcher (npm start) or set DATABASE_URL");
  }

  const startedAt = new Date();
  const db = createDb(config.DATABASE_URL);
  running.db = db;
  const runtime = createGatewayRuntime(db, { log, settings: config, startedAt, databaseUrl: config.DATABASE_URL });
  running.runtime = runtime;
  runtime.start();
  const gateway = await startGatewayServer({ host: config.HOST, port: config.GATEWAY_PORT, deps: runtime.deps });
  running.gateway = gateway;
  log.info({ url: gateway.url }, "gateway.started");

  // A failed registration (database still starting) must not stop the gateway: the next heartbeat
  // tries again, and /health reports the database meanwhile.
  const heartbeat = async () => {
    try {
      if (running.instance) await running.instance.refresh();
      else running.instance = await registerInstance(db, "gateway", { url: gateway.url });
    } catch (error) {
      log.error({ error: toSafeErrorText(error) }, "gateway.heartbeat_failed");
    }
  };
  await heartbeat();
  if (!stopping) running.heartbeatTimer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);
}

/**
 * Stops accepting requests, lets those in flight finish within the grace period, writes the buffered
 * request logs, limiter counters and cache entries, then exits 0.
 */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    log.warn({ signal }, "gateway.forced_exit");
    process.exit(1);
  }
  stopping = true;
  log.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, "gateway.stopping");
  clearInterval(running.heartbeatTimer);

  await running.gateway?.close(SHUTDOWN_GRACE_MS);
  await running.runtime?.stop();
  try {
    await running.instance?.markStopped();
  } catch (error) {
    log.error({ error: toSafeErrorText(error) }, "gateway.mark_stopped_failed");
  }
  await running.db?.$disconnect();
  log.info("gateway.stopped");
  process.exit(0);
}

process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));

main().catch((error: unknown) => {
  // Printed as plain text too, because a person at the terminal fixes these.
  if (error instanceof EnvError || error instanceof PortInUseError) console.error(error.message);
  log.fatal({ error: toSafeErrorText(error, 2000) }, "gateway.start_failed");
  process.exit(1);
});
