const POLL_MS = 250;
const REQUEST_TIMEOUT_MS = 2_000;

/** Raised when a health endpoint did not return a 2xx status in time. */
export class HealthTimeoutError extends Error {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
    readonly lastProblem: string,
  ) {
    super(`${url} did not report healthy within ${Math.round(timeoutMs / 1000)} s (last result: ${lastProblem})`);
    this.name = "HealthTimeoutError";
  }
}

/**
 * Polls `url` until it returns a 2xx status. Resolves false when `signal` aborts first; raises
 * HealthTimeoutError after `timeoutMs`.
 */
export async function waitForHealthy(url: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = "no answer yet";

  while (!options.signal?.aborted) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), cache: "no-store" });
      await response.body?.cancel();
      if (response.ok) return true;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = describeFetchError(error);
    }

    if (Date.now() >= deadline) throw new HealthTimeoutError(url, options.timeoutMs, lastProblem);
    await sleep(POLL_MS, options.signal);
  }
  return false;
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
