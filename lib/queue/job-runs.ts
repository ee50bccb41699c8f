import type { Db } from "@/lib/db/client";

/** Age in days after which JobRun rows are deleted. */
export const JOB_RUN_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

let lastPrunedAt = 0;

/**
 * Deletes JobRun rows past the retention, at most once an hour per process. The heartbeat alone adds a
 * row every 30 s per worker, so without this the table grows without bound.
 */
export async function pruneJobRuns(database: Db, now = Date.now()): Promise<number> {
  if (now - lastPrunedAt < PRUNE_EVERY_MS) return 0;
  lastPrunedAt = now;

  const cutoff = new Date(now - JOB_RUN_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count } = await database.jobRun.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
