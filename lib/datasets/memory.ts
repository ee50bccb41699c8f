/**
 * Creates a pacer that runs a full garbage collection at most once per interval, and only when the process
 * was started with --expose-gc, as the launcher starts the worker. A streaming import allocates
 * short-lived rows at a high rate, and without these collections V8 let them reach about 600 MB in the
 * import benchmark while the live heap measured about 50 MB.
 */
export function createGarbagePacer(intervalMs = 500) {
  const collect = (globalThis as { gc?: () => void }).gc;
  let last = Date.now();
  return {
    tick() {
      if (!collect) return;
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      collect();
    },
  };
}
