import { assertUrlAllowed, BlockedAddressError, UnsupportedUrlError } from "@/lib/net/guarded-fetch";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { GatewayDeps } from "../app";
import type { KeyPolicy } from "../contracts";
import { GatewayError, invalidRequest } from "../respond";
import type { ImageUrlRef } from "../validate";

/** OpenAI's codes for each limit kind, so SDK users see familiar values. */
const LIMIT_CODES = { rpm: "rate_limit_exceeded", tpm: "tokens", budget: "budget_exceeded" } as const;

let admitFailures = 0;

/**
 * Takes a request slot for the key or throws 429 with Retry-After. When the limiter itself fails (its
 * database is down), the failure is logged and the request is let through, because an outage of the shared
 * counters must not stop traffic.
 */
export async function admitKey(deps: GatewayDeps, key: KeyPolicy): Promise<void> {
  let decision;
  try {
    decision = await deps.limiter.admit(key);
  } catch (error) {
    admitFailures += 1;
    if (admitFailures === 1 || admitFailures % 100 === 0) deps.log.warn({ failures: admitFailures, apiKeyId: key.id, error: toSafeErrorText(error) }, "gateway.limiter_failed_open");
    return;
  }
  if (decision.allowed) return;

  deps.metrics.limited(decision.kind);
  const seconds = Math.max(1, Math.ceil(decision.retryAfterSeconds));
  throw new GatewayError(429, { message: decision.message, type: "rate_limit_error", param: null, code: LIMIT_CODES[decision.kind] }, { "retry-after": String(seconds) });
}

/**
 * Checks every http(s) image URL against the workspace's address policy before the request is sent, so
 * the provider is never asked to fetch a private, loopback or metadata address on the gateway's behalf.
 */
export async function checkImageUrls(deps: GatewayDeps, key: KeyPolicy, imageUrls: ImageUrlRef[]): Promise<void> {
  if (imageUrls.length === 0) return;
  const policy = deps.config.policy(key.workspaceId);

  await Promise.all(
    imageUrls.map(async ({ url, param }) => {
      try {
        await assertUrlAllowed(url, policy);
      } catch (error) {
        if (error instanceof BlockedAddressError) {
          throw invalidRequest(`${param} is not allowed: ${error.message}. Send the image as a data: URL or from a public host.`, param, "image_url_blocked");
        }
        if (error instanceof UnsupportedUrlError) throw invalidRequest(`${param} is not allowed: ${error.message}.`, param, "image_url_blocked");
        throw invalidRequest(`${param} could not be checked because its host does not resolve (${toSafeErrorText(error, 120)}). Send the image as a data: URL or from a reachable public host.`, param, "image_url_unresolvable");
      }
    }),
  );
}
