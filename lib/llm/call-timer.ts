import type { AbortCause } from "./errors";

export type CallTimer = {
  /** Aborts the request on a timeout or when the caller's signal aborts. */
  signal: AbortSignal;
  /** Cause of the abort of `signal`, or null while it has not aborted. */
  cause(): AbortCause | null;
  /** Restarts the timeout; called for every chunk received. */
  touch(): void;
  dispose(): void;
};

/**
 * Combines the caller's signal with an inactivity timeout. The timeout bounds the wait for the response
 * headers and every silence between two chunks after them, not the whole call, so a long answer that keeps
 * streaming is not cut off. AbortSignal.any with AbortSignal.timeout cannot restart its timer, hence the
 * controller. The recorded cause tells a cancelled call from a timed-out one, which both abort alike.
 */
export function startCallTimer(timeoutMs: number, callerSignal?: AbortSignal): CallTimer {
  const controller = new AbortController();
  let cause: AbortCause | null = null;

  const onTimeout = () => {
    cause ??= "timeout";
    controller.abort(new DOMException(`No response within ${timeoutMs} ms`, "TimeoutError"));
  };
  const onCallerAbort = () => {
    cause ??= "cancelled";
    controller.abort(callerSignal?.reason ?? new DOMException("Cancelled", "AbortError"));
  };

  let timer = setTimeout(onTimeout, timeoutMs);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

  return {
    signal: controller.signal,
    cause: () => cause,
    touch() {
      if (cause) return;
      clearTimeout(timer);
      timer = setTimeout(onTimeout, timeoutMs);
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/** Passes a body through unchanged, restarting the timer for every chunk. */
export function touchOnChunk(body: ReadableStream<Uint8Array>, timer: CallTimer): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        timer.touch();
        controller.enqueue(chunk);
      },
    }),
  );
}
