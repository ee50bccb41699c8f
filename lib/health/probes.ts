import type { Db } from "@/lib/db/client";
import { QUEUE_SCHEMA } from "@/lib/queue/contract";
import { toSafeErrorText } from "@/lib/system/error-text";

/** "ok", or a short text saying what failed; safe to show on an unauthenticated endpoint. */
export type ProbeResult = "ok" | (string & {});

/**
 * Bounds how long one database probe may take, so a hung connection cannot hang the health endpoint.
 * A process's first Prisma query loads the query compiler and opens a connection, which took 1 s on
 * an idle 2-core machine and over 2 s with tests running beside it.
 */
export const DATABASE_PROBE_TIMEOUT_MS = 5_000;

/** The gateway's /health needs only memory and one SELECT 1, so a slower response is itself a fault. */
export const GATEWAY_PROBE_TIMEOUT_MS = 2_000;

/** Runs a probe, turning a rejection or a timeout into its text. */
export async function runProbe(probe: () => Promise<ProbeResult>, timeoutMs = DATABASE_PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
  });
  try {
    return await Promise.race([probe().catch((error: unknown) => toSafeErrorText(error, 200)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks that the database runs SELECT 1. */
export async function probeDatabase(db: Db): Promise<ProbeResult> {
  await db.$queryRaw`SELECT 1`;
  return "ok";
}

/** Checks that pg-boss's schema is installed and its queue table is readable. */
export async function probeQueue(db: Db): Promise<ProbeResult> {
  const [table] = await db.$queryRawUnsafe<{ name: string | null }[]>(`SELECT to_regclass('${QUEUE_SCHEMA}.queue')::text AS name`);
  if (!table?.name) return `queue schema "${QUEUE_SCHEMA}" is not installed: start the worker, which installs it`;

  await db.$queryRawUnsafe(`SELECT count(*)::int AS queues FROM ${QUEUE_SCHEMA}.queue`);
  return "ok";
}

/**
 * Builds the gateway's /health URL for a listen address. A wildcard address (0.0.0.0, ::) is reached
 * through loopback, and an IPv6 literal needs brackets in a URL.
 */
export function gatewayHealthUrl(host: string, port: number): string {
  let reachable = host;
  if (host === "0.0.0.0") reachable = "127.0.0.1";
  if (host === "::") reachable = "::1";

  const authority = reachable.includes(":") ? `[${reachable}]` : reachable;
  return `http://${authority}:${port}/health`;
}

/** Checks that the gateway's GET /health returns HTTP 200 with status "ok" within the timeout. */
export async function probeGateway(url: string, timeoutMs = GATEWAY_PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), cache: "no-store" });
  } catch (error) {
    return describeFetchError(error, url, timeoutMs);
  }
  if (!response.ok) return `gateway returned HTTP ${response.status} at ${url}`;

  const body = (await response.json().catch(() => null)) as { status?: unknown; database?: unknown } | null;
  if (body?.status === "ok") return "ok";
  const database = typeof body?.database === "string" && body.database !== "ok" ? `: database ${body.database}` : "";
  return `gateway at ${url} reports status ${JSON.stringify(body?.status ?? null)}${database}`;
}

function describeFetchError(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `gateway did not respond within ${timeoutMs / 1000} s at ${url}`;

  // Node's fetch rejects with TypeError("fetch failed") and puts the socket error in `cause`.
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === "ECONNREFUSED") return `gateway is not running at ${url} (connection refused)`;
  return `gateway not reachable at ${url}: ${toSafeErrorText(cause ?? error, 200)}`;
}
