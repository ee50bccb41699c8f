import type { Db } from "@/lib/db/client";

export type ThrottleSettings = { maxFailures: number; windowMinutes: number; lockMinutes: number };

/** Returns the seconds until `key` may try again, or 0 when it is not locked. */
export async function lockedForSeconds(database: Db, key: string, now = new Date()): Promise<number> {
  const row = await database.loginThrottle.findUnique({ where: { key } });
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/**
 * Counts one failed sign-in for `key` (an email or a client address). Once the failures within the window
 * reach the maximum, the key is locked. A new window with a count of 1 starts after the old window ends or
 * after a lock expires, so a key whose lock has run out gets the full number of attempts again.
 */
export async function recordFailure(database: Db, key: string, settings: ThrottleSettings, now = new Date()): Promise<void> {
  const row = await database.loginThrottle.findUnique({ where: { key } });
  const windowOver = !row || now.getTime() - row.windowStart.getTime() > settings.windowMinutes * 60_000;
  const lockExpired = row?.lockedUntil != null && row.lockedUntil <= now;
  const startsWindow = windowOver || lockExpired;
  const failures = startsWindow ? 1 : row.failures + 1;
  const lockedUntil = failures >= settings.maxFailures ? new Date(now.getTime() + settings.lockMinutes * 60_000) : null;

  await database.loginThrottle.upsert({
    where: { key },
    create: { key, failures, windowStart: now, lockedUntil },
    update: { failures, lockedUntil, ...(startsWindow ? { windowStart: now } : {}) },
  });
}

export async function clearFailures(database: Db, key: string): Promise<void> {
  await database.loginThrottle.deleteMany({ where: { key } });
}
