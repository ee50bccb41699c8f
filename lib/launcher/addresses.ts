import { isIPv6 } from "node:net";

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Address for the embedded database socket. pglite-socket has no authentication, so it listens on
 * HOST only when HOST is a loopback address, and on 127.0.0.1 otherwise.
 */
export function embeddedDatabaseHost(host: string): string {
  return isLoopbackHost(host) ? host : "127.0.0.1";
}

/** Address to reach a server listening on `host` from this machine; a wildcard address maps to loopback. */
export function localAddressFor(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

export function httpUrl(host: string, port: number, path = ""): string {
  const hostPart = isIPv6(host) ? `[${host}]` : host;
  return `http://${hostPart}:${port}${path}`;
}
