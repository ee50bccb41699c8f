/**
 * Translates a canary rollback note. The gateway stores its automatic notes in English, in the fixed
 * wording of rollbackNote (lib/gateway/canary-monitor.ts), and the console reads the numbers back out of
 * them. An admin's own note, or any text that matches no known wording, is shown as it was written.
 */

type Translate = (key: string, values?: Record<string, string | number>) => string;

const ERROR_RATE = /^error rate ([\d.]+)% over the last (\d+) canary calls exceeded the ([\d.]+)% limit$/;
const LATENCY = /^p95 latency (\d+) ms over the last (\d+) canary calls exceeded the (\d+) ms limit$/;
const MANUAL = /^Rolled back by (.+)$/;

function translatePart(part: string, t: Translate): string {
  const errorRate = ERROR_RATE.exec(part);
  if (errorRate) return t("errorRate", { rate: errorRate[1]!, calls: errorRate[2]!, limit: errorRate[3]! });

  const latency = LATENCY.exec(part);
  if (latency) return t("latency", { p95: latency[1]!, calls: latency[2]!, limit: latency[3]! });

  const manual = MANUAL.exec(part);
  if (manual) return t("manual", { who: manual[1]! });
  return part;
}

/** Returns the note in the console's language; `t` reads the gateway.canary.rollbackReasons messages. */
export function rollbackNoteText(note: string, t: Translate): string {
  return note
    .split("; ")
    .map((part) => translatePart(part, t))
    .join(t("separator"));
}
