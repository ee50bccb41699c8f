import { guardedFetch, type GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import type { HubSettings } from "./hub-ids";

/**
 * Failure codes of a hub download. `unreachable` and `hub_error` on a file may pass with a retry; the
 * others will fail the same way again.
 */
export type HubErrorCode =
  | "repo_not_found"
  | "revision_not_found"
  | "access_denied"
  | "unreachable"
  | "hub_error"
  | "file_missing"
  | "checksum_mismatch"
  | "no_weights"
  | "folder_in_use";

/** A hub failure with a plain-English message that is safe to store and show (no tokens, no raw stack). */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HubError";
  }
}

export const TRANSIENT_HUB_ERRORS: ReadonlySet<HubErrorCode> = new Set(["unreachable", "hub_error"]);

const MAX_REDIRECTS = 5;
/** Milliseconds without a response or a body chunk before a request is abandoned. */
export const IDLE_TIMEOUT_MS = 60_000;

type HubGetOptions = { signal?: AbortSignal; headers?: Record<string, string>; idleTimeoutMs?: number };

/**
 * Creates a timer that aborts its signal after `ms` without a call to touch(), together with the caller's signal.
 * Download bodies call touch() per chunk, so a stalled connection fails while a slow one continues.
 */
export function idleAbort(ms: number, outer?: AbortSignal) {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new HubError("unreachable", `The hub sent nothing for ${ms / 1000} s`)), ms);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new HubError("unreachable", `The hub sent nothing for ${ms / 1000} s`)), ms);
  };
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  return { signal, touch, clear: () => clearTimeout(timer) };
}

function describeNetworkError(error: unknown): string {
  if (error instanceof HubError) return error.message;
  const code = (error as { code?: unknown })?.code;
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  const name = typeof code === "string" ? code : typeof cause === "string" ? cause : error instanceof Error ? error.name : "unknown error";
  if (error instanceof Error && error.name === "BlockedAddressError") return error.message;
  return name;
}

// The console translates these texts by their start (components/finetune/base-models/hub-error-text.ts);
// change both together.
function statusError(status: number, errorCode: string | null, url: URL): HubError {
  const where = `${url.origin}${url.pathname}`;
  if (errorCode === "RevisionNotFound") return new HubError("revision_not_found", `The hub has no such revision (${where})`);
  if (errorCode === "RepoNotFound" || errorCode === "EntryNotFound" || status === 404) {
    return new HubError(errorCode === "EntryNotFound" ? "file_missing" : "repo_not_found", `The hub responded ${status} Not Found for ${where}`);
  }
  // Hugging Face responds 401 for repositories that do not exist as well as private or gated ones.
  if (status === 401 || status === 403) return new HubError("access_denied", `The hub responded ${status} for ${where}: the repository is private or gated, or does not exist; set HF_TOKEN or MODELSCOPE_API_TOKEN for gated repositories`);
  return new HubError("hub_error", `The hub responded ${status} for ${where}`);
}

/** A hub response whose idle timer keeps running while the body is read: touch() per chunk, release() when done. */
export type HubResponse = { response: Response; touch: () => void; release: () => void };

/**
 * GET through the address guard, following up to 5 redirects. Each hop is checked by the guard again,
 * and the hub token goes only to the hub's own origin, never to a download host it redirects to.
 * Returns a 2xx response (or 416 for ranged requests); raises HubError otherwise.
 */
export async function hubGet(url: string, settings: HubSettings, policy: GuardedFetchPolicy, options: HubGetOptions = {}): Promise<HubResponse> {
  const hubOrigin = new URL(settings.endpoint).origin;
  let target = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const headers: Record<string, string> = { "user-agent": "luodi", ...options.headers };
    if (settings.token && target.origin === hubOrigin) headers.authorization = `Bearer ${settings.token}`;

    const idle = idleAbort(options.idleTimeoutMs ?? IDLE_TIMEOUT_MS, options.signal);
    let response: Response;
    try {
      response = await guardedFetch(target.href, { headers, signal: idle.signal }, policy);
    } catch (error) {
      idle.clear();
      if (options.signal?.aborted) throw error;
      throw new HubError("unreachable", `Could not reach ${target.origin}: ${describeNetworkError(error)}`);
    }

    const location = response.headers.get("location");
    if ((response.ok || response.status === 416) && !(response.status >= 300 && response.status < 400)) {
      return { response, touch: idle.touch, release: idle.clear };
    }
    idle.clear();
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 300 && response.status < 400 && location) {
      target = new URL(location, target);
      continue;
    }
    throw statusError(response.status, response.headers.get("x-error-code"), target);
  }
  throw new HubError("hub_error", `The hub redirected more than ${MAX_REDIRECTS} times for ${url}`);
}

/** Reads a JSON body of at most maxBytes, then releases the response's idle timer. */
export async function readJsonBody(hubResponse: HubResponse, maxBytes: number): Promise<unknown> {
  const { response, touch, release } = hubResponse;
  try {
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > maxBytes) throw new HubError("hub_error", `The hub's response is ${declared} bytes, more than the ${maxBytes} accepted`);
    const reader = response.body?.getReader();
    if (!reader) return null;

    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      touch();
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new HubError("hub_error", `The hub's response is more than the ${maxBytes} bytes accepted`);
      }
      chunks.push(value);
    }
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    if (error instanceof SyntaxError) throw new HubError("hub_error", "The hub's response is not valid JSON; check HF_ENDPOINT or MODELSCOPE_ENDPOINT");
    throw error;
  } finally {
    release();
  }
}

/** Runs `action` up to `attempts` times while it raises a transient HubError, waiting delayMs, then twice that, between tries. */
export async function withHubRetries<T>(action: () => Promise<T>, attempts: number, delayMs: number, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      const transient = error instanceof HubError && TRANSIENT_HUB_ERRORS.has(error.code);
      if (!transient || attempt >= attempts || signal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** (attempt - 1)));
    }
  }
}
