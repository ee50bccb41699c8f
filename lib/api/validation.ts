import type { z } from "zod";
import { AppError, type FieldErrors } from "@/lib/errors";

/** Maximum JSON body the management API reads, in bytes. Current request bodies are far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;

type RequestPart = "body" | "query" | "path";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Maps zod issues to field name → messages, for the `input` that was parsed. Unknown keys of a strict object
 * are reported under their own name, and a missing field reads "Required" instead of zod's type or option mismatch.
 */
export function fieldErrorsOf(error: z.ZodError, input: unknown): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const prefix = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) (fields[prefix ? `${prefix}.${key}` : key] ??= []).push("Unknown field; remove it");
      continue;
    }

    const typeIssue = issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union";
    const missing = typeIssue && issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    (fields[prefix || "_"] ??= []).push(missing ? "Required" : issue.message);
  }
  return fields;
}

function invalidInput(part: RequestPart, error: z.ZodError, input: unknown): AppError {
  const fieldErrors = fieldErrorsOf(error, input);
  const summary = Object.entries(fieldErrors)
    .map(([field, reasons]) => (field === "_" ? reasons.join(", ") : `${field}: ${reasons.join(", ")}`))
    .join("; ");
  return new AppError("INVALID_INPUT", `Invalid request ${part}: ${summary}`, { fieldErrors });
}

function parseWith<Schema extends z.ZodType>(part: RequestPart, schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(part, parsed.error, value);
  return parsed.data;
}

/** Validates the query string. A parameter given more than once keeps its last value. */
export function parseQuery<Schema extends z.ZodType>(request: Request, schema: Schema): z.output<Schema> {
  const params = new URL(request.url).searchParams;
  return parseWith("query", schema, Object.fromEntries(params.entries()));
}

export function parsePathParams<Schema extends z.ZodType>(params: Record<string, unknown>, schema: Schema): z.output<Schema> {
  return parseWith("path", schema, params);
}

function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("INVALID_INPUT", `Request body exceeds the maximum of ${maxBytes} bytes; send a smaller body`);
}

/** Reads the body as UTF-8, stopping at `maxBytes`, because a chunked body declares no length up front. */
async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads and validates a JSON body. The content type must be `application/json`: besides naming the format,
 * it makes browsers send a CORS preflight, so another site cannot post a form to the API with a user's cookie.
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  maxBytes: number = MAX_BODY_BYTES,
): Promise<z.output<Schema>> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") return parseWith("body", schema, {});

  const contentType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") {
    throw new AppError("INVALID_INPUT", `Content-Type must be application/json (got ${contentType ?? "none"})`);
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "Request body is not valid JSON; send a JSON object");
  }
  return parseWith("body", schema, value);
}
