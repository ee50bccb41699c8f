/**
 * Runs a full garbage collection at most once per interval when the process was started with
 * --expose-gc (the launcher starts the worker so). A streaming import allocates short-lived rows at a
 * high rate; V8 would otherwise let them reach several hundred MB before collecting, while the live data
 * stays near 50 MB. One collection of a small heap takes tens of milliseconds.
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
