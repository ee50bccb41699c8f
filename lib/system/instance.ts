import { hostname } from "node:os";
import type { Db, Prisma } from "@/lib/db/client";
import { LUODI_VERSION } from "./version";

/** How often web, gateway and worker refresh their ServiceInstance row. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** A row not refreshed for three heartbeat intervals belongs to a process that is gone or stuck. */
export const INSTANCE_STALE_AFTER_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** Rows of processes not seen for this long are deleted when another process registers. */
const PRUNE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

export type ServiceName = "web" | "gateway" | "worker";

export type InstanceHandle = {
  /** `<service>:<hostname>:<pid>`, the ServiceInstance primary key. */
  id: string;
  /** Sets lastSeenAt to now and, when given, replaces info; recreates the row if it was deleted. */
  refresh: (info?: Prisma.InputJsonObject) => Promise<void>;
  /** Records a graceful stop in info.stoppedAt, so health checks tell a stopped process from a hung one. */
  markStopped: () => Promise<void>;
};

/**
 * Upserts this process's ServiceInstance row (version, pid, startedAt, lastSeenAt, info) and returns
 * the handle that keeps it fresh. Also deletes rows of processes not seen for 7 days, because every
 * restart gets a new pid and so a new row.
 */
export async function registerInstance(db: Db, service: ServiceName, info: Prisma.InputJsonObject = {}): Promise<InstanceHandle> {
  const host = hostname();
  const id = `${service}:${host}:${process.pid}`;
  const startedAt = new Date();
  const row = { id, service, version: LUODI_VERSION, hostname: host, pid: process.pid, startedAt, info };
  let currentInfo = info;

  await db.serviceInstance.upsert({
    where: { id },
    create: { ...row, lastSeenAt: startedAt },
    update: { ...row, lastSeenAt: startedAt },
  });
  await db.serviceInstance.deleteMany({ where: { lastSeenAt: { lt: new Date(Date.now() - PRUNE_AFTER_MS) } } });

  return {
    id,
    refresh: async (info) => {
      const lastSeenAt = new Date();
      if (info) currentInfo = info;
      await db.serviceInstance.upsert({
        where: { id },
        create: { ...row, info: currentInfo, lastSeenAt },
        update: info ? { lastSeenAt, info } : { lastSeenAt },
      });
    },
    markStopped: async () => {
      const stoppedAt = new Date();
      const stoppedInfo = { ...currentInfo, stoppedAt: stoppedAt.toISOString() };
      await db.serviceInstance.update({ where: { id }, data: { lastSeenAt: stoppedAt, info: stoppedInfo } });
    },
  };
}

/**
 * Records a heartbeat job that `runner` ran for the worker `sentBy`. The runner's row proves it runs
 * jobs, and the sender's row proves its process still sends them. Any worker may run any heartbeat,
 * so refreshing both keeps every live worker fresh, not only those that happen to run their own.
 */
export async function recordHeartbeat(db: Db, runner: InstanceHandle, sentBy: string): Promise<void> {
  await runner.refresh();
  if (sentBy === runner.id) return;

  // updateMany, because the sender's row may have been pruned; a stopped sender keeps info.stoppedAt.
  await db.serviceInstance.updateMany({ where: { id: sentBy }, data: { lastSeenAt: new Date() } });
}
