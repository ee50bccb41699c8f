import type { ServerResponse } from "node:http";

/** The error types OpenAI's API returns; client SDKs branch on them. */
export type OpenAiErrorType = "invalid_request_error" | "authentication_error" | "rate_limit_error" | "server_error";

export type OpenAiError = { message: string; type: OpenAiErrorType; code: string | null; param?: string | null };

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends `{ error: { message, type, param, code } }`, the body OpenAI clients parse on any non-2xx status. */
export function sendOpenAiError(res: ServerResponse, status: number, error: OpenAiError, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } }, headers);
}
