/**
 * The part of AbortSignal that request code reads: the flag, the reason and abort listeners. A real
 * AbortSignal fits this type, and so does Cancellation.
 */
export type CancelSignal = {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
};

/**
 * A cancellation flag with abort listeners, for code that makes one per request. The gateway used
 * AbortControllers here, and in Node 20 each AbortSignal outlived young-generation collections. A bare
 * server that made one signal per request at 1,000 requests/s promoted about 360 KB per collection, where
 * an EventTarget or EventEmitter promoted nothing. undici takes this object as a request's `signal`.
 *
 * Listeners run once, on the first abort(), in the order they were added.
 */
export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> | null = null;

  addEventListener(_type: "abort", listener: () => void): void {
    if (this.aborted) return;
    this.listeners ??= [];
    this.listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index >= 0) this.listeners!.splice(index, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners ?? [];
    this.listeners = null;
    for (const listener of listeners) listener();
  }
}
