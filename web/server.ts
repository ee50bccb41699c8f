import { createServer } from "node:http";
import next from "next";
import { EnvError, env } from "@/lib/env";
import { normalizeClientAddress } from "@/lib/http/client-address";
import { logger } from "@/lib/log";

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
  server.listen(config.PORT, config.HOST, () => log.info({ url: `http://${config.HOST}:${config.PORT}`, dev }, "web.started"));

  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, "web.stopping");
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; the launcher's grace period bounds the wait anyway.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else log.fatal({ err: error }, "web.start_failed");
  process.exit(1);
});
