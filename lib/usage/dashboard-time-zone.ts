/** Whether `timeZone` is an IANA time zone name this runtime knows, such as Asia/Shanghai or UTC. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the instant of the last local midnight at or before `now` in `timeZone`. It uses the UTC offset
 * in effect at `now`, so on a day when daylight saving time changes the result is off by that change.
 */
export function startOfLocalDay(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(now));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);

  const year = part("year");
  const month = part("month") - 1;
  const day = part("day");
  const wallClockAsUtc = Date.UTC(year, month, day, part("hour"), part("minute"), part("second"));
  const offsetMs = wallClockAsUtc - Math.floor(now / 1000) * 1000;
  return Date.UTC(year, month, day) - offsetMs;
}
