import type { Db } from "@/lib/db/client";
import { INSTANCE_STALE_AFTER_MS } from "@/lib/system/instance";
import { gatewayHealthUrl, probeDatabase, probeGateway, probeQueue, runProbe, type ProbeResult } from "./probes";

export type { ProbeResult };

export type ServiceInstanceStatus = {
  id: string;
  service: string;
  version: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  lastSeenAt: Date;
  /** Running: time since start. Stopped or stale: how long it ran until it was last seen. */
  uptimeSeconds: number;
  /** "stale": no heartbeat for 90 s without a graceful stop, so the process crashed or hangs. */
  state: "running" | "stopped" | "stale";
};

export type SystemStatus = {
  status: "ok" | "degraded";
  database: ProbeResult;
  queue: ProbeResult;
  worker: ProbeResult;
  gateway: ProbeResult;
  /** Every process seen in the last 7 days, newest first within each service; for Settings > System. */
  services: ServiceInstanceStatus[];
};

export type SystemStatusOptions = {
  /** The gateway's listen address and port, as HOST and GATEWAY_PORT set them. */
  host: string;
  gatewayPort: number;
  /** The current time; tests pass a later one to age heartbeats. */
  now?: Date;
};

/**
 * Checks each part of Luodi: the database runs SELECT 1, pg-boss's schema is readable, a worker
 * sent a heartbeat within 90 s, and the gateway's /health returns "ok". Each part is "ok" or a short error text.
 * The checks run in parallel and give up after 5 s (database) or 2 s (gateway), so this returns
 * within about 5 s even when everything hangs.
 */
export async function getSystemStatus(db: Db, options: SystemStatusOptions): Promise<SystemStatus> {
  const now = options.now ?? new Date();
  let services: ServiceInstanceStatus[] = [];

  const [database, queue, worker, gateway] = await Promise.all([
    runProbe(() => probeDatabase(db)),
    runProbe(() => probeQueue(db)),
    runProbe(async () => {
      services = await listServiceInstances(db, now);
      return describeWorkers(services, now);
    }),
    runProbe(() => probeGateway(gatewayHealthUrl(options.host, options.gatewayPort))),
  ]);

  const allOk = [database, queue, worker, gateway].every((result) => result === "ok");
  return { status: allOk ? "ok" : "degraded", database, queue, worker, gateway, services };
}

async function listServiceInstances(db: Db, now: Date): Promise<ServiceInstanceStatus[]> {
  const rows = await db.serviceInstance.findMany({ orderBy: [{ service: "asc" }, { lastSeenAt: "desc" }], take: 200 });

  return rows.map((row) => {
    const state = instanceState(row.info, row.lastSeenAt, now);
    const until = state === "running" ? now : row.lastSeenAt;
    const uptimeSeconds = Math.max(0, Math.floor((until.getTime() - row.startedAt.getTime()) / 1000));
    const { id, service, version, hostname, pid, startedAt, lastSeenAt } = row;
    return { id, service, version, hostname, pid, startedAt, lastSeenAt, uptimeSeconds, state };
  });
}

function instanceState(info: unknown, lastSeenAt: Date, now: Date): ServiceInstanceStatus["state"] {
  const stopped = typeof info === "object" && info !== null && typeof (info as { stoppedAt?: unknown }).stoppedAt === "string";
  if (stopped) return "stopped";
  if (now.getTime() - lastSeenAt.getTime() > INSTANCE_STALE_AFTER_MS) return "stale";
  return "running";
}

function describeWorkers(services: ServiceInstanceStatus[], now: Date): ProbeResult {
  const workers = services.filter((instance) => instance.service === "worker");
  if (workers.some((worker) => worker.state === "running")) return "ok";

  const latest = workers[0];
  if (!latest) return "no worker has started";

  const silentSeconds = Math.max(0, Math.round((now.getTime() - latest.lastSeenAt.getTime()) / 1000));
  if (latest.state === "stopped") return `no worker running: the last one stopped ${silentSeconds} s ago`;
  return `no worker heartbeat for ${silentSeconds} s`;
}
