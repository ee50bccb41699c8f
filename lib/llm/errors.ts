import { AppError } from "@/lib/errors";
import { BlockedAddressError, UnsupportedUrlError } from "@/lib/net/guarded-fetch";
import { LlmError, type LlmErrorKind } from "./types";

/** Maximum length of a kept provider message, in characters, because provider error pages can be large HTML documents. */
const PROVIDER_MESSAGE_CHARS = 500;

/** Why a call was aborted: the caller's signal (user pressed Stop, client went away) or our own timeout. */
export type AbortCause = "cancelled" | "timeout";

/**
 * Converts a failure thrown while sending or reading a request into an LlmError. `abortCause` separates
 * an abort by the caller from our own timeout, because both surface as the same AbortError.
 */
export function toLlmError(error: unknown, abortCause: AbortCause | null, context: { timeoutMs: number; partialText?: string }): LlmError {
  if (error instanceof LlmError) return error;
  const partial = context.partialText ? { partialText: context.partialText } : {};

  if (abortCause === "timeout") return new LlmError("timeout", `The provider did not respond within ${context.timeoutMs} ms`, partial);
  if (abortCause === "cancelled") return new LlmError("cancelled", "The request was cancelled", partial);

  if (error instanceof BlockedAddressError) return new LlmError("blocked_address", error.message);
  if (error instanceof UnsupportedUrlError) return new LlmError("blocked_address", `The provider's base URL is not allowed: ${error.message}`);

  const code = networkCodeOf(error);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new LlmError("network", `Could not reach the provider (${detail})`, partial);
}

/** Returns the Node system error code (ECONNREFUSED, ENOTFOUND, ECONNRESET...) of an error or its cause. */
function networkCodeOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Reads the message of an OpenAI-style error body (`{ error: { message } }`), or the start of any other body. */
export function providerMessageOf(bodyText: string): string {
  let message = bodyText.trim();
  try {
    const parsed = JSON.parse(bodyText) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === "string") message = parsed.error;
    else if (typeof parsed.error?.message === "string") message = parsed.error.message;
    else if (typeof parsed.message === "string") message = parsed.message;
  } catch {
    // Not JSON: an HTML error page or plain text; its start is kept as is.
  }
  return message.slice(0, PROVIDER_MESSAGE_CHARS);
}

/**
 * Seconds to wait from a Retry-After header (delta-seconds or an HTTP date, RFC 9110 section 10.2.3), or
 * from the retry-after-ms header some providers send. Undefined when absent or unreadable.
 */
export function retryAfterSecondsOf(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get("retry-after-ms"));
  if (headers.has("retry-after-ms") && Number.isFinite(milliseconds) && milliseconds >= 0) return Math.ceil(milliseconds / 1000);

  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));

  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds the LlmError for a non-2xx response. */
export function statusError(status: number, headers: Headers, bodyText: string): LlmError {
  const providerMessage = providerMessageOf(bodyText);
  if (status === 429) {
    const retryAfterSeconds = retryAfterSecondsOf(headers);
    const wait = retryAfterSeconds === undefined ? "" : `; retry after ${retryAfterSeconds} s`;
    return new LlmError("rate_limited", `The provider is rate limiting requests (HTTP 429)${wait}`, { httpStatus: status, retryAfterSeconds, providerMessage });
  }
  return new LlmError("upstream_status", `The provider responded with HTTP ${status}: ${providerMessage || "no message"}`, { httpStatus: status, providerMessage });
}

/** Kinds caused by what the caller sent or configured, rather than by the provider's state. */
const INPUT_KINDS: ReadonlySet<LlmErrorKind> = new Set(["unsupported_input", "blocked_address"]);

/**
 * Maps an LlmError to the AppError the API and the console show: reason `llm.<kind>` with the HTTP status
 * and the provider's message as params, so errors.reasons.llm.<kind> can name them.
 */
export function llmErrorToAppError(error: LlmError): AppError {
  const params: Record<string, string | number> = {};
  params.status = error.details.httpStatus ?? 0;
  if (error.details.retryAfterSeconds !== undefined) params.seconds = error.details.retryAfterSeconds;
  if (error.details.providerMessage) params.message = error.details.providerMessage;

  const code = INPUT_KINDS.has(error.kind) ? "INVALID_INPUT" : "UPSTREAM_ERROR";
  return new AppError(code, error.message, {
    reason: `llm.${error.kind}`,
    params,
    retryAfterSeconds: error.details.retryAfterSeconds,
    cause: error,
  });
}
