import { createServer, type Server } from "node:http";
import { createGatewayListener, type GatewayDeps } from "./app";

/** Raised when the gateway's port is taken; the message names the port and the variable to change. */
export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`Port ${port} on ${host} is already in use, so the gateway cannot listen there. Stop the process using it or set GATEWAY_PORT to a free port.`);
    this.name = "PortInUseError";
  }
}

// Longer than the 5 s default, so clients and load balancers that keep connections idle for a few seconds
// reuse them instead of racing the server's close.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export type GatewayServer = { server: Server; url: string; close: (graceMs: number) => Promise<void> };

/** Listens on host:port (0 picks a free port, named in `url`); rejects with PortInUseError when the port is taken. */
export async function startGatewayServer(options: { host: string; port: number; deps: GatewayDeps }): Promise<GatewayServer> {
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, createGatewayListener(options.deps));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new PortInUseError(options.host, options.port) : error);
    };
    server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.off("error", onError);
      resolve();
    });
  });

  const address = server.address();
  const port = address && typeof address === "object" ? address.port : options.port;
  return { server, url: `http://${options.host}:${port}`, close: (graceMs) => closeServer(server, graceMs) };
}

/** Stops accepting connections, lets requests in flight finish for graceMs, then drops the rest. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
