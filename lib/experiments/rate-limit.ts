/**
 * Token buckets that keep one job's calls under each provider's requests-per-minute limit. Variants
 * that use the same provider share its bucket, so two models behind one endpoint split its budget.
 * The buckets live in the job's memory: two experiments running at once each get the full limit.
 */

export type Clock = {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

type Bucket = {
  capacity: number;
  tokens: number;
  /** Tokens added per millisecond. */
  refillPerMs: number;
  refilledAt: number;
  /** Waiters queue behind this promise, so tokens go out in request order. */
  tail: Promise<void>;
};

export type RateLimiter = {
  /** Waits until a request to `key` may be sent under `rpmLimit`; null means unlimited and returns at once. */
  acquire: (key: string, rpmLimit: number | null) => Promise<void>;
  /** Holds every request to `key` for `seconds`, as a provider's Retry-After asks. */
  pause: (key: string, seconds: number) => void;
};

/**
 * Creates the limiter of one job. A bucket holds one second's worth of requests (at least one), so a
 * limit of 60 rpm sends one request per second and 600 rpm allows bursts of ten.
 */
export function createRateLimiter(clock: Clock = systemClock): RateLimiter {
  const buckets = new Map<string, Bucket>();
  // Per key, the time before which no request is sent; set after a 429 with Retry-After.
  const pausedUntil = new Map<string, number>();

  async function waitOutPause(key: string): Promise<void> {
    for (;;) {
      const wait = (pausedUntil.get(key) ?? 0) - clock.now();
      if (wait <= 0) return;
      await clock.sleep(wait);
    }
  }

  function bucketFor(key: string, rpmLimit: number): Bucket {
    let bucket = buckets.get(key);
    if (!bucket) {
      const capacity = Math.max(1, Math.floor(rpmLimit / 60));
      bucket = { capacity, tokens: capacity, refillPerMs: rpmLimit / 60_000, refilledAt: clock.now(), tail: Promise.resolve() };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  async function take(key: string, bucket: Bucket): Promise<void> {
    for (;;) {
      await waitOutPause(key);
      const now = clock.now();
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.refilledAt) * bucket.refillPerMs);
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await clock.sleep(Math.ceil((1 - bucket.tokens) / bucket.refillPerMs));
    }
  }

  return {
    acquire(key, rpmLimit) {
      if (rpmLimit === null || rpmLimit <= 0) return waitOutPause(key);
      const bucket = bucketFor(key, rpmLimit);
      const turn = bucket.tail.then(() => take(key, bucket));
      bucket.tail = turn.catch(() => undefined);
      return turn;
    },

    pause(key, seconds) {
      const until = clock.now() + Math.max(0, seconds) * 1000;
      pausedUntil.set(key, Math.max(pausedUntil.get(key) ?? 0, until));
    },
  };
}
