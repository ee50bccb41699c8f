/**
 * Creates a reporter whose `tick` calls `report` only once the interval has passed since the last call,
 * so loops can tick on every row without flooding the database. `report` returns true once the user
 * cancelled the operation.
 */
export function createThrottledReporter(report: () => Promise<boolean>, intervalMs = 500) {
  let last = 0;
  let stop = false;
  return {
    async tick(): Promise<boolean> {
      const now = Date.now();
      if (now - last < intervalMs) return stop;
      last = now;
      stop = await report();
      return stop;
    },
    async force(): Promise<boolean> {
      last = Date.now();
      stop = await report();
      return stop;
    },
  };
}

/** Thrown inside a job when its user cancelled it; the job cleans up and ends without retry. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled by the user");
    this.name = "CancelledError";
  }
}
