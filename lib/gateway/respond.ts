import type { ServerResponse } from "node:http";

/**
 * The error types OpenAI's API returns, plus permission_error for 403. Client SDKs pick their error class
 * by HTTP status and show the type and code.
 */
export type OpenAiErrorType = "invalid_request_error" | "authentication_error" | "permission_error" | "rate_limit_error" | "server_error";

export type OpenAiError = { message: string; type: OpenAiErrorType; code: string | null; param?: string | null };

/**
 * A failure the gateway answers with an OpenAI-style error body. Handlers throw it, and the dispatcher in
 * app.ts sends it, so every early exit has one shape.
 */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly error: OpenAiError,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
    this.name = "GatewayError";
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends an already serialised JSON body, so the hot path serialises each response once. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends `{ error: { message, type, param, code } }`, the body OpenAI clients parse on any non-2xx status. */
export function sendOpenAiError(res: ServerResponse, status: number, error: OpenAiError, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } }, headers);
}

export function invalidRequest(message: string, param: string | null, code: string | null = null, status = 400): GatewayError {
  return new GatewayError(status, { message, type: "invalid_request_error", param, code });
}
