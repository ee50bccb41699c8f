import type { IncomingMessage } from "node:http";

/**
 * Rewrites `X-Forwarded-For` to exactly one address, the client's, before any handler reads it, so the
 * sign-in throttle and audit events cannot be fooled by a header the client made up.
 *
 * With `trustedProxyHops` 0 (no reverse proxy) the client is the TCP peer and any forwarded header is
 * dropped. With N > 0, the client is the address N entries from the right of the chain that the N
 * proxies appended, ending with the TCP peer; entries further left came from the client and are ignored.
 */
export function normalizeClientAddress(request: IncomingMessage, trustedProxyHops: number): void {
  const peer = request.socket.remoteAddress ?? null;
  const forwarded = headerValue(request.headers["x-forwarded-for"])
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = peer ? [...forwarded, peer] : forwarded;

  // The last entry is the TCP peer; each trusted proxy vouches for one entry further left.
  const client = chain[chain.length - 1 - trustedProxyHops] ?? chain[0] ?? null;

  delete request.headers["x-real-ip"];
  if (client) request.headers["x-forwarded-for"] = client;
  else delete request.headers["x-forwarded-for"];
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

/**
 * Returns the client address from an `X-Forwarded-For` value as web/server.ts leaves it (one address),
 * or null when absent. Handlers call this instead of parsing the header themselves.
 */
export function clientAddressOf(forwardedFor: string | string[] | null | undefined): string | null {
  const value = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
  return value?.split(",")[0]?.trim() || null;
}
