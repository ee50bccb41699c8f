"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { ErrorCode, ErrorDetail, FieldErrors } from "@/lib/errors";

/** Prefix of the management API that the console calls with the session cookie. */
export const API_BASE = "/api/v1";

type ErrorParams = Record<string, string | number>;

/** A failed call to the management API, built from its `{ error: { code, message, ... } }` body. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "unknown";
  readonly reason?: string;
  readonly params?: ErrorParams;
  readonly fields?: FieldErrors;
  /** Failed items of a batch request that failed as a whole. */
  readonly details?: ErrorDetail[];

  constructor(init: { status: number; code: ErrorCode | "unknown"; message: string; reason?: string; params?: ErrorParams; fields?: FieldErrors; details?: ErrorDetail[] }) {
    super(init.message);
    this.name = "ApiRequestError";
    this.status = init.status;
    this.code = init.code;
    this.reason = init.reason;
    this.params = init.params;
    this.fields = init.fields;
    this.details = init.details;
  }
}

export const isApiRequestError = (error: unknown): error is ApiRequestError => error instanceof ApiRequestError;

/** Builds the URL of an API path such as `/datasets/abc`; `query` entries that are undefined are left out. */
export function apiUrl(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;

  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${url}?${text}` : url;
}

/** Turns a non-2xx response into an ApiRequestError; a body that is not the API's error shape gives code "unknown". */
export async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy or crash page may respond with HTML, so the status alone then decides the message.
  }
  return errorFromBody(response.status, body);
}

/** Builds an ApiRequestError from a parsed error body, as XMLHttpRequest callers get it. */
export function errorFromBody(status: number, body: unknown): ApiRequestError {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error.code !== "string") {
    return new ApiRequestError({ status, code: "unknown", message: `Request failed with HTTP ${status}` });
  }
  return new ApiRequestError({
    status,
    code: error.code as ErrorCode,
    message: typeof error.message === "string" ? error.message : `Request failed with HTTP ${status}`,
    reason: typeof error.reason === "string" ? error.reason : undefined,
    params: (error.params as ErrorParams | undefined) ?? undefined,
    fields: (error.fields as FieldErrors | undefined) ?? undefined,
    details: Array.isArray(error.details) ? (error.details as ErrorDetail[]) : undefined,
  });
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", signal, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { Accept: "application/json", "Content-Type": "application/json" };
  }

  const response = await fetch(path.startsWith(API_BASE) ? path : `${API_BASE}${path}`, init);
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Sends GET to an API path (with or without the `/api/v1` prefix) and returns the parsed body.
 * Throws ApiRequestError on a non-2xx response.
 */
export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>("GET", path, undefined, signal);
}

/** Sends a JSON mutation (POST, PATCH, PUT or DELETE) and returns the parsed body; throws ApiRequestError on failure. */
export function apiSend<T>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

/** Response shapes of the API: single items and lists are wrapped in `data`. */
export type ApiItem<T> = { data: T };
export type ApiList<T> = { data: T[] };

/**
 * Returns a function that translates a failure for display: `errors.reasons.<reason>` with its params when
 * the API gave a known reason, else `errors.<code>`, else the generic `errors.unknown`.
 */
export function useApiErrorMessage(): (error: unknown) => string {
  const t = useTranslations("errors");
  return useCallback(
    (error: unknown) => {
      if (isApiRequestError(error)) {
        if (error.reason && t.has(`reasons.${error.reason}`)) return t(`reasons.${error.reason}`, normalizeParams(error.params));
        if (error.code !== "unknown" && t.has(error.code)) return t(error.code);
      }
      return t("unknown");
    },
    [t],
  );
}

/** Keeps ICU arguments plain strings or numbers so a missing or odd param never breaks formatting. */
function normalizeParams(params: ErrorParams | undefined): ErrorParams {
  const result: ErrorParams = {};
  for (const [key, value] of Object.entries(params ?? {})) result[key] = typeof value === "number" ? value : String(value);
  return result;
}
