import { BlockedAddressError, guardedFetch, UnsupportedUrlError, type GuardedFetchPolicy } from "@/lib/net/guarded-fetch";

/*
 * GET {baseUrl}/models through the SSRF guard, with every failure sorted into a reason the console can
 * translate. Connection tests and the import dialog both use it.
 */

export const CONNECTION_REASONS = ["ok", "unauthorized", "not_found", "blocked_address", "timeout", "network", "bad_response"] as const;
export type ConnectionReason = (typeof CONNECTION_REASONS)[number];

export type RemoteModel = { id: string; ownedBy?: string; raw: Record<string, unknown> };

type Outcome = {
  httpStatus: number | null;
  latencyMs: number;
  /** English detail for logs and API clients; never contains the API key. */
  message: string;
  /** Values for the translated message, such as host and address. */
  params: Record<string, string | number>;
};

export type ModelListResult = (Outcome & { ok: true; reason: "ok"; models: RemoteModel[] }) | (Outcome & { ok: false; reason: Exclude<ConnectionReason, "ok"> });

// A model list is a few KB even for providers with hundreds of models, so this bounds a hostile response.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_MODELS = 5_000;

class BodyTooLargeError extends Error {}

async function readLimitedText(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(`The model list is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads OpenAI's `{ data: [{ id, owned_by }] }`; also accepts a bare array. Returns null for any other shape. */
export function parseModelList(body: unknown): RemoteModel[] | null {
  const entries = Array.isArray(body) ? body : Array.isArray((body as { data?: unknown } | null)?.data) ? (body as { data: unknown[] }).data : null;
  if (!entries) return null;

  const models: RemoteModel[] = [];
  const seen = new Set<string>();
  for (const entry of entries.slice(0, MAX_MODELS)) {
    if (typeof entry !== "object" || entry === null) continue;
    const raw = entry as Record<string, unknown>;
    const id = typeof raw.id === "string" ? raw.id.trim() : "";
    if (!id || id.length > 200 || seen.has(id)) continue;
    seen.add(id);
    models.push({ id, ownedBy: typeof raw.owned_by === "string" ? raw.owned_by : undefined, raw });
  }
  return models.sort((left, right) => left.id.localeCompare(right.id));
}

function statusFailure(status: number, url: string, latencyMs: number): ModelListResult {
  const base = { ok: false as const, httpStatus: status, latencyMs, params: { status } };
  if (status === 401 || status === 403) return { ...base, reason: "unauthorized", message: `${url} returned HTTP ${status}: the API key is missing, invalid or lacks access` };
  if (status === 404) return { ...base, reason: "not_found", message: `${url} returned HTTP 404: check that the base URL ends in the API version path, such as /v1` };
  return { ...base, reason: "bad_response", message: `${url} returned HTTP ${status}` };
}

function errorFailure(error: unknown, url: string, timedOut: boolean, timeoutMs: number, latencyMs: number): ModelListResult {
  const base = { ok: false as const, httpStatus: null, latencyMs };
  if (error instanceof BlockedAddressError) {
    return { ...base, reason: "blocked_address", message: error.message, params: { host: error.hostname, address: error.address, blockReason: error.reason } };
  }
  if (timedOut) return { ...base, reason: "timeout", message: `${url} timed out after ${timeoutMs} ms`, params: { timeoutMs } };
  if (error instanceof BodyTooLargeError) return { ...base, reason: "bad_response", message: error.message, params: {} };
  if (error instanceof UnsupportedUrlError) return { ...base, reason: "network", message: error.message, params: { code: "unsupported_url" } };

  const code = (error as NodeJS.ErrnoException).code ?? "unknown";
  return { ...base, reason: "network", message: `Connecting to ${url} failed (${code})`, params: { code } };
}

/**
 * Fetches a provider's model list. Network and provider failures do not throw. The result carries the
 * failure's reason instead. `timeoutMs` covers connecting and reading the whole body.
 */
export async function fetchModelList(baseUrl: string, apiKey: string | null, policy: GuardedFetchPolicy, timeoutMs: number): Promise<ModelListResult> {
  const url = `${baseUrl}/models`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);

  try {
    const headers: Record<string, string> = { accept: "application/json" };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const response = await guardedFetch(url, { method: "GET", headers, signal: controller.signal }, policy);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return statusFailure(response.status, url, elapsed());
    }

    const text = await readLimitedText(response, MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, reason: "bad_response", httpStatus: response.status, latencyMs: elapsed(), message: `${url} returned a body that is not JSON`, params: {} };
    }
    const models = parseModelList(body);
    if (!models) {
      return { ok: false, reason: "bad_response", httpStatus: response.status, latencyMs: elapsed(), message: `${url} returned JSON without a "data" list of models`, params: {} };
    }
    return { ok: true, reason: "ok", models, httpStatus: response.status, latencyMs: elapsed(), message: `${models.length} models listed`, params: { count: models.length } };
  } catch (error) {
    return errorFailure(error, url, timedOut, timeoutMs, elapsed());
  } finally {
    clearTimeout(timer);
  }
}
