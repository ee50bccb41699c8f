/**
 * Turns a caught value into a short, single-line text safe to store (JobRun.error) and show to an
 * admin: the error's name and message, with credentials in URLs removed and no stack trace.
 */
export function toSafeErrorText(error: unknown, maxLength = 500): string {
  const text = error instanceof Error ? `${error.name}: ${errorReason(error)}` : `Non-error value thrown: ${String(error)}`;
  const singleLine = redactUrlCredentials(text).replace(/\s+/g, " ").trim();
  return singleLine.length > maxLength ? `${singleLine.slice(0, maxLength - 1)}…` : singleLine;
}

/** Replaces the user:password part of URLs such as postgresql://user:secret@host with [redacted]. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, "$1[redacted]@");
}

/**
 * Extracts the cause from a Prisma client error. Its message opens with the failed call, a source
 * path and several lines of the caller's code, and ends with the cause. Raw queries wrap that cause
 * in "Message: `...`".
 */
function errorReason(error: Error): string {
  if (!error.name.startsWith("PrismaClient")) return error.message;

  const lastLine = error.message.trim().split("\n").at(-1) ?? error.message;
  return /Message: `(.+)`/.exec(lastLine)?.[1] ?? lastLine;
}
