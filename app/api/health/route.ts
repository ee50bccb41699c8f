import { db } from "@/lib/db/client";
import { EnvError, env } from "@/lib/env";
import { getSystemStatus, type SystemStatus } from "@/lib/health/check";
import { logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";

// Health must be measured on every request, never served from a build-time or cached render.
export const dynamic = "force-dynamic";

type PublicStatus = Pick<SystemStatus, "status" | "database" | "queue" | "worker" | "gateway">;

/**
 * Liveness and readiness of the whole system, without authentication. Always HTTP 200, so that
 * monitors read the parts from the body. The services list (hostnames, pids) stays out of this
 * public response, and Settings > System reads it through getSystemStatus.
 */
export async function GET(): Promise<Response> {
  return Response.json(await readStatus(), { headers: { "cache-control": "no-store" } });
}

async function readStatus(): Promise<PublicStatus> {
  try {
    const config = env();
    const { status, database, queue, worker, gateway } = await getSystemStatus(db(), { host: config.HOST, gatewayPort: config.GATEWAY_PORT });
    return { status, database, queue, worker, gateway };
  } catch (error) {
    // Reached when the environment is invalid or DATABASE_URL is unset, before any check can run.
    // EnvError quotes the offending values, which may be secrets, so neither the response nor the log repeats it.
    const database = error instanceof EnvError ? "invalid environment: see the web server's startup log" : toSafeErrorText(error, 200);
    logger.error({ error: database }, "health.check_failed");
    const notChecked = "not checked: the database is not configured";
    return { status: "degraded", database, queue: notChecked, worker: notChecked, gateway: notChecked };
  }
}
