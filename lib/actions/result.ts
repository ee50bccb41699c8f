import type { ErrorCode, FieldErrors } from "@/lib/errors";

/**
 * What every server action returns to the browser. Failures carry a code that the UI translates through
 * the message catalogue (`errors.<code>`), never raw exception text.
 */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; fieldErrors?: FieldErrors; retryAfterSeconds?: number } };
