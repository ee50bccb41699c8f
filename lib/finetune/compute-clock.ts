/** Milliseconds between writes of a running attempt's compute time. */
export const COMPUTE_FLUSH_MS = 5_000;

type Now = () => number;

/**
 * Adds an attempt's compute time to the job while it runs, not only when it ends: a worker killed
 * mid-attempt never reaches the end, and its attempt would otherwise count for nothing once the job
 * resumes. It also lets the job page show compute time so far. `add` gets the seconds since its last
 * call; a failed write keeps those seconds for the next one.
 */
export function startComputeClock(add: (seconds: number) => Promise<void>, options: { intervalMs?: number; now?: Now } = {}) {
  const now = options.now ?? Date.now;
  let counted = now();
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      const at = now();
      const seconds = (at - counted) / 1000;
      if (seconds <= 0) return;
      try {
        await add(seconds);
        counted = at;
      } catch {
        // The seconds stay uncounted and go with the next write.
      }
    });
    return writing;
  };

  const timer = setInterval(() => void flush(), options.intervalMs ?? COMPUTE_FLUSH_MS);
  timer.unref?.();

  return {
    /** Stops the clock and writes the seconds since the last write. */
    async stop(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}
