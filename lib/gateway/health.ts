import type { Db } from "@/lib/db/client";
import { probeDatabase, runProbe, type ProbeResult } from "@/lib/health/probes";
import { LUODI_VERSION } from "@/lib/system/version";

export type GatewayHealth = {
  /** "degraded" when the database fails: the gateway is up but cannot authenticate or log requests. */
  status: "ok" | "degraded";
  service: "gateway";
  version: string;
  uptimeSeconds: number;
  database: ProbeResult;
};

// Below the 2 s that getSystemStatus waits for this response, so a slow database reads as
// "database: timed out" rather than as an unreachable gateway.
const DATABASE_TIMEOUT_MS = 1_500;

export async function checkGatewayHealth(db: Db, startedAt: Date): Promise<GatewayHealth> {
  const database = await runProbe(() => probeDatabase(db), DATABASE_TIMEOUT_MS);
  return {
    status: database === "ok" ? "ok" : "degraded",
    service: "gateway",
    version: LUODI_VERSION,
    uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000),
    database,
  };
}
