import type { CancelSignal } from "@/lib/net/cancellation";
import type { Attempt, DeploymentConfig } from "./contracts";

/**
 * Routing for one gateway request: which models to call in which order (planAttempts), and the retry and
 * fallback loop over that plan (runAttempts). Both are pure apart from the injected call, sleep and random.
 */

/**
 * Plans the upstream calls for one request. An active canary takes `percent`% of requests. Every other request
 * goes to one target drawn by weight. The deployment's fallbacks follow in order, minus models already planned.
 */
export function planAttempts(deployment: DeploymentConfig, random: () => number = Math.random): Attempt[] {
  const plan: Attempt[] = [];
  const canary = deployment.canary;

  if (canary && canary.state === "active" && canary.percent > 0 && random() < canary.percent / 100) {
    plan.push({ modelId: canary.modelId, role: "canary" });
  } else {
    const primary = pickWeighted(deployment.targets, random);
    if (primary !== null) plan.push({ modelId: primary, role: "primary" });
  }

  for (const modelId of deployment.fallbacks) {
    if (!plan.some((attempt) => attempt.modelId === modelId)) plan.push({ modelId, role: "fallback" });
  }
  return plan;
}

/**
 * Draws one target with probability weight / total. Negative or non-finite weights count as 0. A zero total
 * is a configuration error that the admin API rejects, so here every target gets an equal share instead.
 */
function pickWeighted(targets: DeploymentConfig["targets"], random: () => number): string | null {
  if (targets.length === 0) return null;
  if (targets.length === 1) return targets[0]!.modelId;

  let total = 0;
  for (const target of targets) total += usableWeight(target.weight);
  if (total <= 0) return targets[Math.min(targets.length - 1, Math.floor(random() * targets.length))]!.modelId;

  let point = random() * total;
  for (const target of targets) {
    point -= usableWeight(target.weight);
    if (point < 0) return target.modelId;
  }
  // Floating-point rounding can leave point at 0 after the last subtraction, so the last weighted target wins then.
  for (let index = targets.length - 1; index >= 0; index--) {
    if (usableWeight(targets[index]!.weight) > 0) return targets[index]!.modelId;
  }
  return targets[targets.length - 1]!.modelId;
}

function usableWeight(weight: number): number {
  return Number.isFinite(weight) && weight > 0 ? weight : 0;
}

export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** Upstream HTTP status, or null for a network failure or a timeout. */
      status: number | null;
      retryAfterSeconds?: number;
      error: unknown;
      /** Bytes already reached the client (a stream was cut), so nothing else may be tried. */
      final?: boolean;
    };

export type AttemptFailure<T> = Extract<AttemptOutcome<T>, { ok: false }>;

export type AttemptRun<T> =
  | { ok: true; value: T; attempt: Attempt; attempts: number; fallbackUsed: boolean }
  | { ok: false; last: AttemptFailure<T>; attempt: Attempt; attempts: number; fallbackUsed: boolean };

export type RetryPolicy = { retries: number; retryBackoffMs: number; fallbackOn: number[] };

export type RunAttemptsOptions = {
  signal?: CancelSignal;
  /** Replaceable in tests. Must resolve early (not reject) when the signal aborts. */
  sleep?: (ms: number, signal?: CancelSignal) => Promise<void>;
};

/** Maximum wait before a retry. A longer Retry-After or backoff moves on to the next model instead. */
export const MAX_RETRY_WAIT_MS = 10_000;

/** Up to this much extra wait on top of the backoff, so replicas retrying at once spread out. */
const JITTER_SHARE = 0.2;

/**
 * Calls the planned models in order until one succeeds. Each model is retried up to `policy.retries` times on
 * retryable failures (network errors, timeouts, 429 and 5xx), waiting retryBackoffMs × 2^k plus jitter, or the
 * Retry-After when given. A wait longer than MAX_RETRY_WAIT_MS is skipped, and the next model is tried instead.
 * The run moves to the next model only when the last failure's status is null or listed in fallbackOn.
 * A 4xx other than 429 is never retried and so is returned at once unless fallbackOn lists it. A `final`
 * failure or an aborted signal ends the run at once. `call` gets the attempt and its 0-based call number.
 */
export async function runAttempts<T>(
  plan: Attempt[],
  policy: RetryPolicy,
  call: (attempt: Attempt, index: number) => Promise<AttemptOutcome<T>>,
  options: RunAttemptsOptions = {},
): Promise<AttemptRun<T>> {
  if (plan.length === 0) throw new Error("runAttempts needs at least one planned attempt; the deployment has no targets");

  const signal = options.signal;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const retries = Math.max(0, Math.floor(policy.retries));
  let attempts = 0;
  let last: AttemptFailure<T> | null = null;
  let lastAttempt = plan[0]!;
  let fallbackUsed = false;

  for (let planIndex = 0; planIndex < plan.length; planIndex++) {
    const attempt = plan[planIndex]!;

    for (let retry = 0; ; retry++) {
      if (signal?.aborted) return failure(abortedOutcome(signal, last), lastAttempt, attempts, fallbackUsed);

      lastAttempt = attempt;
      fallbackUsed = planIndex > 0;
      const outcome = await call(attempt, attempts);
      attempts++;
      if (outcome.ok) return { ok: true, value: outcome.value, attempt, attempts, fallbackUsed };

      last = outcome;
      if (outcome.final || signal?.aborted) return failure(outcome, attempt, attempts, fallbackUsed);
      if (!isRetryable(outcome.status) || retry >= retries) break;

      const waitMs = retryWaitMs(outcome, policy.retryBackoffMs, retry);
      if (waitMs > MAX_RETRY_WAIT_MS) break;
      await sleep(waitMs, signal);
    }

    const isLastModel = planIndex === plan.length - 1;
    if (isLastModel || !mayFallBack(last!.status, policy.fallbackOn)) return failure(last!, attempt, attempts, fallbackUsed);
  }

  // Unreachable because the loop returns on the last model. TypeScript cannot prove that, so this line stays.
  return failure(last!, lastAttempt, attempts, fallbackUsed);
}

function failure<T>(last: AttemptFailure<T>, attempt: Attempt, attempts: number, fallbackUsed: boolean): AttemptRun<T> {
  return { ok: false, last, attempt, attempts, fallbackUsed };
}

/** Network failures, timeouts, rate limits and server errors may pass on a second try; other statuses will not. */
function isRetryable(status: number | null): boolean {
  return status === null || status === 429 || status >= 500;
}

function mayFallBack(status: number | null, fallbackOn: number[]): boolean {
  return status === null || fallbackOn.includes(status);
}

function retryWaitMs(outcome: AttemptFailure<unknown>, backoffMs: number, retry: number): number {
  const retryAfter = outcome.retryAfterSeconds;
  if (retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return Math.round(retryAfter * 1000);

  const base = Math.max(0, backoffMs) * 2 ** retry;
  return Math.round(base * (1 + JITTER_SHARE * Math.random()));
}

/** Returns the failure to report for an aborted run: the last upstream failure when there was one. */
function abortedOutcome<T>(signal: CancelSignal, last: AttemptFailure<T> | null): AttemptFailure<T> {
  return last ?? { ok: false, status: null, error: signal.reason ?? new Error("The request was aborted"), final: true };
}

function sleepUnlessAborted(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
