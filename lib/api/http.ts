import type { ErrorCode, ErrorDetail, FieldErrors } from "@/lib/errors";

/**
 * Body of every failed API response. `fields` maps a request field to the reasons it was rejected, and
 * `details` lists the failed items of a batch request that failed as a whole.
 */
export type ApiErrorBody = {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; reason?: string; params?: Record<string, string | number>; details?: ErrorDetail[] };
};

/** JSON.stringify replacer: BigInt ids (audit events) become decimal strings. Dates already serialize as ISO 8601. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function serializeJson(body: unknown): string {
  return JSON.stringify(body, jsonReplacer);
}

/**
 * Builds a JSON response. Every API response is marked `no-store`, because several carry secrets shown once
 * (new tokens, invitation links) and all of them depend on who is asking.
 */
export function jsonResponse(body: unknown, status: number, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers);
  merged.set("content-type", "application/json; charset=utf-8");
  merged.set("cache-control", "no-store");
  return new Response(serializeJson(body), { status, headers: merged });
}

export function errorBody(
  code: ErrorCode,
  message: string,
  fields?: FieldErrors,
  detail: { reason?: string; params?: Record<string, string | number>; details?: ErrorDetail[] } = {},
): ApiErrorBody {
  return {
    error: {
      code,
      message,
      ...(fields && Object.keys(fields).length > 0 ? { fields } : {}),
      ...(detail.reason ? { reason: detail.reason, ...(detail.params ? { params: detail.params } : {}) } : {}),
      ...(detail.details && detail.details.length > 0 ? { details: detail.details } : {}),
    },
  };
}
