/**
 * A cookie that marks "this browser had a session", so the proxy can tell an expired session from a
 * first visit. next-auth's own cookie cannot tell: the browser deletes it when the session's max age
 * passes. It holds no identity, only "1", and is readable by scripts so sign-out can clear it.
 */
export const SESSION_HINT_COOKIE = "luodi-had-session";

// Longer than any session lifetime, so the hint outlives the session it marks.
export const SESSION_HINT_MAX_AGE_SECONDS = 90 * 24 * 60 * 60;

/** Deletes the hint in the browser, on sign-out, so the next sign-in page does not report an expiry. */
export function clearSessionHint() {
  document.cookie = `${SESSION_HINT_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
}
