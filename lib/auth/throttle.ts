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
 * reach the maximum, the key is locked; a new window starts after the old one ends.
 */
export async function recordFailure(database: Db, key: string, settings: ThrottleSettings, now = new Date()): Promise<void> {
  const row = await database.loginThrottle.findUnique({ where: { key } });
  const windowOver = !row || now.getTime() - row.windowStart.getTime() > settings.windowMinutes * 60_000;
  const failures = windowOver ? 1 : row.failures + 1;
  const lockedUntil = failures >= settings.maxFailures ? new Date(now.getTime() + settings.lockMinutes * 60_000) : null;

  await database.loginThrottle.upsert({
    where: { key },
    create: { key, failures, windowStart: now, lockedUntil },
    update: { failures, lockedUntil, ...(windowOver ? { windowStart: now } : {}) },
  });
}

export async function clearFailures(database: Db, key: string): Promise<void> {
  await database.loginThrottle.deleteMany({ where: { key } });
}
