import type { IncomingMessage } from "node:http";
import { invalidRequest } from "../respond";

/** Parses the query string of a request. */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? "/";
  const at = url.indexOf("?");
  return new URLSearchParams(at === -1 ? "" : url.slice(at + 1));
}

/** Returns the path segment at `index`, URL-decoded. In /v1/files/{id} the id is at index 3. */
export function pathSegment(req: IncomingMessage, index: number): string {
  const path = (req.url ?? "/").split("?")[0]!;
  const segment = path.split("/")[index] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads `limit`: a whole number from 1 to `max`, or `fallback` when absent. */
export function readLimit(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null || raw === "") return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalidRequest(`\`limit\` must be a whole number from 1 to ${max}, but it is ${JSON.stringify(raw.slice(0, 20))}.`, "limit", "invalid_value");
  return limit;
}

/** Builds the OpenAI list envelope of the cursor-paged endpoints. */
export function listPage<T extends { id: string }>(data: T[], hasMore: boolean) {
  return { object: "list" as const, data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
