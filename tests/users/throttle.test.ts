import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearFailures, lockedForSeconds, recordFailure, type ThrottleSettings } from "@/lib/auth/throttle";
import { startTestDatabase, type TestDatabase } from "../helpers/database";

// The lock is shorter than the window, so a lock can expire while its window is still open: the case
// where the count must restart because of the lock and not because of the window.
const settings: ThrottleSettings = { maxFailures: 5, windowMinutes: 15, lockMinutes: 5 };
const start = new Date("2026-03-02T08:00:00Z");

/** Returns `start` moved on by `seconds`. */
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe("sign-in throttle", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await startTestDatabase();
  });

  afterAll(async () => {
    await database?.stop();
  });

  /** Records `count` failures for `key`, one second apart from `fromSecond` on. */
  async function fail(key: string, count: number, fromSecond = 0) {
    for (let i = 0; i < count; i++) await recordFailure(database.db, key, settings, at(fromSecond + i));
  }

  it("locks after the maximum failures", async () => {
    const key = "email:lock@throttle.test";

    await fail(key, settings.maxFailures - 1);
    expect(await lockedForSeconds(database.db, key, at(10))).toBe(0);

    await recordFailure(database.db, key, settings, at(10));
    expect(await lockedForSeconds(database.db, key, at(10))).toBe(settings.lockMinutes * 60);
  });

  it("reports the seconds left on a lock", async () => {
    const key = "ip:198.51.100.20";
    await fail(key, settings.maxFailures);
    const lockedAt = settings.maxFailures - 1;

    expect(await lockedForSeconds(database.db, key, at(lockedAt + 60))).toBe(settings.lockMinutes * 60 - 60);
    // A part of a second rounds up, so a caller never retries too early.
    expect(await lockedForSeconds(database.db, key, at(lockedAt + 0.5))).toBe(settings.lockMinutes * 60);
    expect(await lockedForSeconds(database.db, key, at(lockedAt + settings.lockMinutes * 60))).toBe(0);
  });

  it("starts a new count after a lock expires", async () => {
    const key = "email:expired@throttle.test";
    await fail(key, settings.maxFailures);
    const lockEnds = settings.maxFailures - 1 + settings.lockMinutes * 60;

    // The first failure after the lock ends must not lock again: it is failure 1 of a new window.
    await recordFailure(database.db, key, settings, at(lockEnds + 1));
    expect(await lockedForSeconds(database.db, key, at(lockEnds + 1))).toBe(0);

    const row = await database.db.loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(1);
    expect(row.windowStart).toEqual(at(lockEnds + 1));
    expect(row.lockedUntil).toBeNull();

    // The new window allows the full number of attempts again before it locks.
    await fail(key, settings.maxFailures - 2, lockEnds + 2);
    expect(await lockedForSeconds(database.db, key, at(lockEnds + settings.maxFailures))).toBe(0);
    await recordFailure(database.db, key, settings, at(lockEnds + settings.maxFailures));
    expect(await lockedForSeconds(database.db, key, at(lockEnds + settings.maxFailures))).toBeGreaterThan(0);
  });

  it("starts a new count after the window ends", async () => {
    const key = "email:window@throttle.test";
    await fail(key, settings.maxFailures - 1);

    await recordFailure(database.db, key, settings, at(settings.windowMinutes * 60 + 1));

    expect(await lockedForSeconds(database.db, key, at(settings.windowMinutes * 60 + 1))).toBe(0);
    const row = await database.db.loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(1);
  });

  it("clears failures and locks on success", async () => {
    const key = "email:cleared@throttle.test";
    await fail(key, settings.maxFailures);
    expect(await lockedForSeconds(database.db, key, at(settings.maxFailures))).toBeGreaterThan(0);

    await clearFailures(database.db, key);

    expect(await lockedForSeconds(database.db, key, at(settings.maxFailures))).toBe(0);
    expect(await database.db.loginThrottle.findUnique({ where: { key } })).toBeNull();

    // Counting starts from zero again, so one failure does not lock.
    await recordFailure(database.db, key, settings, at(settings.maxFailures + 1));
    expect(await lockedForSeconds(database.db, key, at(settings.maxFailures + 1))).toBe(0);
  });
});
