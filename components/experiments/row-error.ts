import type { LlmErrorKind } from "@/lib/llm/types";

/** The LLM failure kind of a stored row error, with the HTTP status when the message names one. */
export type RowErrorKind = { kind: LlmErrorKind; httpStatus?: number };

/**
 * Message prefixes that lib/llm writes for each failure kind (lib/llm/errors.ts, client.ts, read-completion.ts,
 * and BlockedAddressError in lib/net/guarded-fetch.ts). The result list returns only the message, so the console
 * recovers the kind from it. tests/experiments/console-text.test.ts builds real LlmErrors to keep these in step.
 */
const PATTERNS: Array<[LlmErrorKind, RegExp]> = [
  ["rate_limited", /^The provider is rate limiting requests/],
  ["timeout", /^The provider did not respond within/],
  ["cancelled", /^The request was cancelled/],
  ["network", /^Could not reach the provider/],
  ["blocked_address", /^The provider's base URL is not allowed|resolves to .+, a (cloud metadata|loopback or private) address/],
  ["stream_cut", /^The stream (ended|broke off) before|^The connection closed before/],
  ["malformed_response", /^The response body is larger than|is not valid JSON|is not a JSON object|^The response has no choices|^choices\[0\]/],
  ["unsupported_input", / does not accept images/],
];

/** Recovers the LLM failure kind from a stored row error message; null for other failures and unknown text. */
export function classifyRowError(message: string): RowErrorKind | null {
  const status = /^The provider responded with HTTP (\d{3})/.exec(message);
  if (status) return { kind: "upstream_status", httpStatus: Number(status[1]) };
  // An error object inside a 200 response body or stream event.
  if (message.startsWith("The provider reported an error")) return { kind: "upstream_status", httpStatus: 200 };

  for (const [kind, pattern] of PATTERNS) {
    if (pattern.test(message)) return { kind };
  }
  return null;
}
