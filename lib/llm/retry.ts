import { LlmError } from "./types";

export type RetryOptions = {
  /** Attempts in total, the first included; 3 by default. */
  maxAttempts?: number;
  /** Wait before the second attempt, doubled for each later one; 500 ms by default. */
  baseDelayMs?: number;
  /** Maximum wait between attempts, Retry-After included; 30,000 ms by default. A longer Retry-After ends the retries. */
  maxDelayMs?: number;
  /** Stops waiting and rethrows the last error when aborted. */
  signal?: AbortSignal;
  /** Called before each wait, for logging and progress. */
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
  /** Replaceable in tests; defaults to Math.random. */
  random?: () => number;
};

/**
 * Runs `call` until it succeeds, retrying retryable LlmErrors (rate limits, 5xx, timeouts, network errors,
 * cut streams). A Retry-After from the provider sets the wait. Without one, the wait grows exponentially with
 * up to 20% jitter, so parallel workers do not retry in lockstep. Other errors are thrown at once.
 */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!(error instanceof LlmError) || !error.retryable || attempt >= maxAttempts || options.signal?.aborted) throw error;

      const retryAfterMs = error.details.retryAfterSeconds === undefined ? null : error.details.retryAfterSeconds * 1000;
      if (retryAfterMs !== null && retryAfterMs > maxDelayMs) throw error;

      const backoffMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1) * (1 + 0.2 * random()));
      const delayMs = Math.round(retryAfterMs ?? backoffMs);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
