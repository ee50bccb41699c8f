/**
 * Turns a caught value into a short, single-line text safe to store (JobRun.error) and show to an
 * admin: the error's name and message, with credentials in URLs removed and no stack trace.
 */
export function toSafeErrorText(error: unknown, maxLength = 500): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `Non-error value thrown: ${String(error)}`;
  const singleLine = redactUrlCredentials(text).replace(/\s+/g, " ").trim();
  return singleLine.length > maxLength ? `${singleLine.slice(0, maxLength - 1)}…` : singleLine;
}

/** Replaces the user:password part of URLs such as postgresql://user:secret@host with [redacted]. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, "$1[redacted]@");
}
