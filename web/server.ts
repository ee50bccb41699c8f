import { createServer } from "node:http";
import next from "next";
import { createDb } from "@/lib/db/client";
import { EnvError, env } from "@/lib/env";
import { normalizeClientAddress } from "@/lib/http/client-address";
import { logger } from "@/lib/log";
import { stopOwnedRuntimes } from "@/lib/runtime/reaper";
import { toSafeErrorText } from "@/lib/system/error-text";
import { HEARTBEAT_INTERVAL_MS, registerInstance, type InstanceHandle } from "@/lib/system/instance";

// The console's HTTP server: Next.js behind a plain node:http server, so the client address is set from
// the TCP connection before Next.js reads headers (`next start` keeps a client-supplied X-Forwarded-For).

const log = logger.child({ service: "web" });

async function main(): Promise<void> {
  const config = env();
  const dev = process.argv.includes("--dev");

  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((request, response) => {
    normalizeClientAddress(request, config.LUODI_TRUSTED_PROXY_HOPS);
    void handle(request, response);
  });
  server.on("error", (error) => {
    log.fatal({ err: error, port: config.PORT }, "web.listen_failed");
    process.exit(1);
  });
  // Node ends a request after 300 s by default, which would cut off a large dataset upload on a slow link.
  // An hour fits 2 GiB at about 5 Mbit/s; headers still have to arrive within headersTimeout.
  server.requestTimeout = 60 * 60 * 1000;

  server.listen(config.PORT, config.HOST, () => log.info({ url: `http://${config.HOST}:${config.PORT}`, dev }, "web.started"));

  const stopHeartbeat = startHeartbeat(config.DATABASE_URL, `http://${config.HOST}:${config.PORT}`);

  const stop = async (signal: NodeJS.Signals) => {
    log.info({ signal }, "web.stopping");
    await stopHeartbeat();
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open, so exit after 5 s even if it has not finished.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", (signal) => void stop(signal));
  process.once("SIGINT", (signal) => void stop(signal));
}

/**
 * Registers this process for Settings > System and refreshes it every heartbeat interval. A failed
 * registration (database still starting) is retried by the next beat. Returns the function that stops it.
 */
function startHeartbeat(databaseUrl: string | undefined, url: string): () => Promise<void> {
  if (!databaseUrl) return async () => undefined;

  const db = createDb(databaseUrl, { max: 1 });
  let instance: InstanceHandle | undefined;
  const beat = async () => {
    try {
      if (instance) await instance.refresh();
      else instance = await registerInstance(db, "web", { url });
    } catch (error) {
      log.error({ error: toSafeErrorText(error) }, "web.heartbeat_failed");
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);

  return async () => {
    clearInterval(timer);
    try {
      await instance?.markStopped();
      // Local model runtimes started by the playground in this process stop with it.
      await stopOwnedRuntimes(db);
    } catch (error) {
      log.error({ error: toSafeErrorText(error) }, "web.mark_stopped_failed");
    }
    await db.$disconnect();
  };
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else log.fatal({ err: error }, "web.start_failed");
  process.exit(1);
});
