import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/auth/actor";
import { clientAddressOf } from "@/lib/http/client-address";

// A client-chosen request id is echoed and stored in audit events, so only short, printable ids are kept.
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the client's `x-request-id` when it is well formed, or a new UUID. */
export function requestIdOf(request: Request): string {
  const clientRequestId = request.headers.get("x-request-id")?.trim();
  return clientRequestId && REQUEST_ID_PATTERN.test(clientRequestId) ? clientRequestId : randomUUID();
}

/**
 * Client address, user agent and request id of an API request, for audit events. web/server.ts sets
 * `x-forwarded-for` from the connection (and the trusted proxies) before the request gets here.
 */
export function requestMetaOf(request: Request, requestId: string): RequestMeta {
  return {
    ip: clientAddressOf(request.headers.get("x-forwarded-for")),
    userAgent: request.headers.get("user-agent"),
    requestId,
  };
}

/**
 * Origin the client used to reach Luodi, from `x-forwarded-host` or `host` and `x-forwarded-proto`. Next.js
 * builds `request.url` from its own listen address (it reported http://localhost:PORT behind 127.0.0.1), so
 * the headers are the better source for links handed back to the client.
 */
export function requestOrigin(request: Request): string {
  const fallback = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  const protocol = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || fallback.protocol.replace(/:$/, "");
  if (!host || (protocol !== "http" && protocol !== "https")) return fallback.origin;

  try {
    const origin = new URL(`${protocol}://${host}`);
    return origin.host === host.toLowerCase() ? origin.origin : fallback.origin;
  } catch {
    return fallback.origin;
  }
}
