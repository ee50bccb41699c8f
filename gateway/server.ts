import { createDb } from "@/lib/db/client";
import { EnvError, env } from "@/lib/env";
import { PortInUseError, startGatewayServer } from "@/lib/gateway/server";
import { logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import { HEARTBEAT_INTERVAL_MS, registerInstance, type InstanceHandle } from "@/lib/system/instance";

const log = logger.child({ service: "gateway" });

// Requests in flight get this long to finish after SIGTERM, within the usual 30 s before SIGKILL.
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = env();
  if (!config.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the gateway through the launcher (npm start) or set DATABASE_URL");
  }

  const startedAt = new Date();
  const db = createDb(config.DATABASE_URL);
  const gateway = await startGatewayServer({ host: config.HOST, port: config.GATEWAY_PORT, deps: { db, log, startedAt } });
  log.info({ url: gateway.url }, "gateway.started");

  // Registration failing (database still starting) must not stop the gateway: the next refresh
  // upserts the row, and /health reports the database meanwhile.
  let instance: InstanceHandle | undefined;
  const heartbeat = async () => {
    try {
      if (instance) await instance.refresh();
      else instance = await registerInstance(db, "gateway", { url: gateway.url });
    } catch (error) {
      log.error({ error: toSafeErrorText(error) }, "gateway.heartbeat_failed");
    }
  };
  await heartbeat();
  const heartbeatTimer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "gateway.forced_exit");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, "gateway.stopping");
    clearInterval(heartbeatTimer);

    await gateway.close(SHUTDOWN_GRACE_MS);
    await instance?.markStopped().catch((error: unknown) => log.error({ error: toSafeErrorText(error) }, "gateway.mark_stopped_failed"));
    await db.$disconnect();
    log.info("gateway.stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  // Printed as plain text too, because these are fixed by a person reading the terminal.
  if (error instanceof EnvError || error instanceof PortInUseError) console.error(error.message);
  log.fatal({ error: toSafeErrorText(error, 2000) }, "gateway.start_failed");
  process.exit(1);
});
