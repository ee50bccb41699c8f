import { randomBytes } from "node:crypto";
import type { ModelTarget } from "@/lib/llm/types";
import { BlockedAddressError, guardedFetch, UnsupportedUrlError } from "@/lib/net/guarded-fetch";
import type { TranscribeErrorCode } from "./transcribe-errors";

/** Maximum size of a transcription response; a transcript of an upload-sized file is far smaller, so a larger body is rejected. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** A failed call: `permanent` failures are not retried (a rejected request fails the same way again). */
export class TranscribeCallError extends Error {
  constructor(
    readonly code: TranscribeErrorCode,
    readonly permanent: boolean,
    detail: string,
  ) {
    super(detail);
    this.name = "TranscribeCallError";
  }
}

export type AudioFile = { bytes: Buffer; filename: string; mimeType: string };

/** Builds a multipart/form-data body by hand, because guardedFetch sends bytes and not FormData. */
export function buildMultipartBody(fields: Record<string, string>, file: AudioFile): { body: Buffer; contentType: string } {
  const boundary = `----luodi${randomBytes(12).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, "utf8"));
  }

  // Quotes and line breaks in a file name would break the header, so they are replaced.
  const filename = file.filename.replace(/["\r\n\\]/g, "_");
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`, "utf8"));
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, "utf8"));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Sends the file to {baseUrl}/audio/transcriptions (OpenAI's speech-to-text endpoint) through the address
 * guard and returns the transcript text. Raises TranscribeCallError with a code for every failure.
 */
export async function callTranscriptions(target: ModelTarget, file: AudioFile): Promise<string> {
  const { body, contentType } = buildMultipartBody({ model: target.model, response_format: "json" }, file);
  const url = `${target.baseUrl.replace(/\/+$/, "")}/audio/transcriptions`;
  const headers: Record<string, string> = { "content-type": contentType, "content-length": String(body.length), accept: "application/json" };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;

  const signal = AbortSignal.timeout(target.timeoutMs);
  let response: Response;
  try {
    response = await guardedFetch(url, { method: "POST", headers, body, signal }, target.policy);
  } catch (error) {
    throw classifyNetworkError(error, url, target.timeoutMs, signal);
  }

  const text = await readBoundedText(response, signal, url, target.timeoutMs);
  if (!response.ok) throw classifyStatus(response.status, url, upstreamMessageOf(text));
  return transcriptOf(text, response.headers.get("content-type") ?? "");
}

function classifyNetworkError(error: unknown, url: string, timeoutMs: number, signal: AbortSignal): TranscribeCallError {
  if (error instanceof BlockedAddressError) return new TranscribeCallError("blocked_address", true, error.message);
  if (error instanceof UnsupportedUrlError) return new TranscribeCallError("rejected", true, error.message);
  if (signal.aborted) return new TranscribeCallError("timeout", false, `${url} timed out after ${timeoutMs} ms`);
  return new TranscribeCallError("upstream_failed", false, `${url} failed: ${error instanceof Error ? error.message : String(error)}`);
}

function classifyStatus(status: number, url: string, upstream: string): TranscribeCallError {
  const detail = `${url} returned HTTP ${status}${upstream ? `: ${upstream}` : ""}`;
  if (status === 401 || status === 403) return new TranscribeCallError("unauthorized", true, detail);
  // 408, 409 and 429 are transient. Any other 4xx status rejects the request itself, so a retry would fail the same way.
  if (status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429) return new TranscribeCallError("rejected", true, detail);
  return new TranscribeCallError("upstream_failed", false, detail);
}

async function readBoundedText(response: Response, signal: AbortSignal, url: string, timeoutMs: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_RESPONSE_BYTES) {
        await reader.cancel();
        throw new TranscribeCallError("bad_response", true, `${url} returned a response larger than ${MAX_RESPONSE_BYTES} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof TranscribeCallError) throw error;
    throw classifyNetworkError(error, url, timeoutMs, signal);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads OpenAI's `{ error: { message } }`, cut short for logs and stored details. */
function upstreamMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") return parsed.error.message.slice(0, 300);
  } catch {
    // Not JSON: the body itself is the message.
  }
  return text.slice(0, 300);
}

/** Accepts the json and verbose_json shapes ({ text }) and a plain-text body, as response_format text returns. */
function transcriptOf(text: string, contentType: string): string {
  if (!contentType.includes("json")) return text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TranscribeCallError("bad_response", true, `The transcription response is not valid JSON: ${text.slice(0, 80)}`);
  }
  const transcript = (parsed as { text?: unknown } | null)?.text;
  if (typeof transcript !== "string") throw new TranscribeCallError("bad_response", true, "The transcription response has no text field");
  return transcript.trim();
}
