import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { statusError, toLlmError } from "@/lib/llm/errors";
import { LlmError, type ModelTarget } from "@/lib/llm/types";
import { Cancellation, type CancelSignal } from "@/lib/net/cancellation";
import { guardedUpstreamRequest, type UpstreamResponse } from "@/lib/net/guarded-upstream";

/**
 * One upstream call of the gateway: a guarded keep-alive request to the target's base URL, with an
 * inactivity timeout and cancellation when the client goes away. Failures become LlmErrors, so the
 * handlers and the request log share the kinds of lib/llm (timeout, network, upstream_status, ...).
 */

/** Largest upstream body read into memory, in bytes; completions and embeddings are far smaller. */
export const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;
/** Largest error body read from a failed response; only its message is kept. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Aborts one attempt when the upstream stays silent for timeoutMs (waiting for headers, or between two
 * chunks), or when the request's own signal aborts because the client disconnected. The recorded cause
 * separates the two, because both surface as the same abort error.
 */
export class AttemptTimer {
  private readonly cancellation = new Cancellation();
  cause: "timeout" | "cancelled" | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onCancel = () => this.abort("cancelled");

  constructor(
    readonly timeoutMs: number,
    private readonly requestSignal: CancelSignal,
  ) {
    this.timer = setTimeout(() => this.abort("timeout"), timeoutMs);
    if (requestSignal.aborted) this.abort("cancelled");
    else requestSignal.addEventListener("abort", this.onCancel, { once: true });
  }

  get signal(): CancelSignal {
    return this.cancellation;
  }

  /** Restarts the inactivity timeout; called for every chunk received. */
  touch(): void {
    if (!this.cause) this.timer.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.requestSignal.removeEventListener("abort", this.onCancel);
  }

  private abort(cause: "timeout" | "cancelled"): void {
    if (this.cause) return;
    this.cause = cause;
    clearTimeout(this.timer);
    this.cancellation.abort(new DOMException(cause === "timeout" ? `No response within ${this.timeoutMs} ms` : "Cancelled", cause === "timeout" ? "TimeoutError" : "AbortError"));
  }

  /** Converts a thrown error into an LlmError, naming a timeout or a cancel by this timer's cause. */
  toError(error: unknown, partialText?: string): LlmError {
    return toLlmError(error, this.cause, { timeoutMs: this.timeoutMs, partialText });
  }
}

function requestHeaders(target: ModelTarget, body: string, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    accept: stream ? "text/event-stream" : "application/json",
  };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return headers;
}

/** Sends the request and resolves with the response once its headers arrive. */
export async function openUpstream(target: ModelTarget, path: string, body: string, timer: AttemptTimer, stream: boolean): Promise<UpstreamResponse> {
  try {
    const incoming = await guardedUpstreamRequest(`${target.baseUrl}${path}`, { method: "POST", headers: requestHeaders(target, body, stream), body, signal: timer.signal }, target.policy);
    timer.touch();
    return incoming;
  } catch (error) {
    throw timer.toError(error);
  }
}

/** Reads a whole response body, failing past maxBytes and restarting the inactivity timer per chunk. */
export function readUpstreamBody(incoming: Readable, timer: AttemptTimer, maxBytes = MAX_UPSTREAM_BODY_BYTES): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      timer.touch();
      size += chunk.length;
      if (size > maxBytes) {
        incoming.destroy();
        reject(new LlmError("malformed_response", `The provider's response body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    incoming.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    incoming.on("error", (error) => {
      if (timer.cause) return reject(timer.toError(error));
      reject(new LlmError("stream_cut", `The connection closed before the whole response arrived (${error.message})`));
    });
  });
}

/** Reads a non-2xx response into the LlmError the log and the client see (rate_limited or upstream_status). */
export async function upstreamStatusError(incoming: UpstreamResponse, timer: AttemptTimer): Promise<LlmError> {
  const status = incoming.statusCode;
  let text = "";
  try {
    text = (await readUpstreamBody(incoming.body, timer, MAX_ERROR_BODY_BYTES)).toString("utf8");
  } catch {
    // The status is what matters; a body that breaks off only loses the provider's message.
  }
  return statusError(status, toHeaders(incoming.headers), text);
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Parses an upstream JSON body once (a completion or an embeddings list); returns an LlmError naming the problem when it is unusable. */
export function parseUpstreamJson(text: string): Record<string, unknown> | LlmError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new LlmError("malformed_response", `The provider's response is not valid JSON: ${text.slice(0, 120).replace(/\s+/g, " ")}`);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return new LlmError("malformed_response", "The provider's response is not a JSON object");
  const record = json as Record<string, unknown>;
  if (record.error) {
    const message = typeof record.error === "object" && typeof (record.error as { message?: unknown }).message === "string" ? (record.error as { message: string }).message : JSON.stringify(record.error);
    return new LlmError("upstream_status", `The provider reported an error: ${message.slice(0, 500)}`, { httpStatus: 200, providerMessage: message.slice(0, 500) });
  }
  return record;
}
