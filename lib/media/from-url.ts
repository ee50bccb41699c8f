import { BlockedAddressError, guardedFetch, UnsupportedUrlError, type GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { urlRejections } from "./from-url-rejections";
import type { MediaLimits } from "./limits";

/** Time allowed for one URL, from the first connection to the last body byte, redirects included. */
export const URL_FETCH_TIMEOUT_MS = 20_000;

/** Maximum redirects followed per URL. The address guard checks each hop again. */
export const MAX_REDIRECTS = 5;

/** Maximum number of URLs in one request. */
export const MAX_URLS_PER_REQUEST = 20;

export type FetchedMedia = { filename: string; bytes: Buffer };

/**
 * Downloads one user-supplied media URL through the guarded fetch, so private, loopback, link-local and
 * metadata addresses are rejected unless an allow rule covers them, on every redirect hop. The body is
 * read as a stream and cut off past `limits.maxFileBytes`. Raises the AppError that names the URL.
 */
export async function fetchMediaUrl(url: string, policy: GuardedFetchPolicy, limits: MediaLimits, timeoutMs = URL_FETCH_TIMEOUT_MS): Promise<FetchedMedia> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timeout")), timeoutMs);

  try {
    const { response, finalUrl } = await followRedirects(url, policy, controller.signal);
    if (!response.ok) {
      await response.body?.cancel();
      throw urlRejections.httpStatus(url, response.status);
    }

    const bytes = await readLimited(url, response, limits.maxFileBytes);
    return { filename: filenameFromUrl(finalUrl), bytes };
  } catch (error) {
    throw controller.signal.aborted ? urlRejections.timedOut(url, timeoutMs / 1000) : toRejection(url, error);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the request and follows up to MAX_REDIRECTS redirects, each one through the guard. */
async function followRedirects(url: string, policy: GuardedFetchPolicy, signal: AbortSignal): Promise<{ response: Response; finalUrl: string }> {
  let current = url;

  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await guardedFetch(current, { headers: { accept: "image/*, audio/*" }, signal }, policy);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) return { response, finalUrl: current };

    await response.body?.cancel();
    current = resolveLocation(url, current, location);
  }

  throw urlRejections.tooManyRedirects(url, MAX_REDIRECTS);
}

function resolveLocation(url: string, current: string, location: string): string {
  try {
    return new URL(location, current).toString();
  } catch {
    throw urlRejections.invalidRedirect(url, location);
  }
}

/** Reads the body, aborting as soon as it passes `maxBytes`, so an endless body costs at most that much memory. */
async function readLimited(url: string, response: Response, maxBytes: number): Promise<Buffer> {
  const limitMb = Math.round(maxBytes / (1024 * 1024));
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw urlRejections.tooLarge(url, limitMb);
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);

  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw urlRejections.tooLarge(url, limitMb);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Takes the last path segment as the file name; the sniffed content decides the type, never this name. */
export function filenameFromUrl(url: string): string {
  const segment = new URL(url).pathname.split("/").filter(Boolean).pop() ?? "";
  let name = segment;
  try {
    name = decodeURIComponent(segment);
  } catch {
    // A malformed percent escape keeps the raw segment.
  }
  return name.trim() || new URL(url).hostname;
}

function toRejection(url: string, error: unknown): unknown {
  if (error instanceof BlockedAddressError) return urlRejections.blockedAddress(url, error.hostname, error.address, error.reason);
  if (error instanceof UnsupportedUrlError) return urlRejections.unsupportedUrl(url);
  if (isAppErrorLike(error)) return error;
  return urlRejections.unreachable(url, errorCodeOf(error));
}

function isAppErrorLike(error: unknown): boolean {
  return typeof error === "object" && error !== null && "publicMessage" in error;
}

function errorCodeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = (error as { code?: unknown } | null)?.code ?? cause?.code;
  return typeof code === "string" ? code : "connection failed";
}
