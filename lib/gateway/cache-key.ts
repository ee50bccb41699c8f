import { hash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { KeyPolicy } from "./contracts";

/**
 * Response cache keys. A key covers the workspace, the API key's access scope (its sorted allowedModels),
 * the deployment name and the normalised request. The request part is the messages and every sampling
 * parameter, without the fields that only change the delivery (`stream`, `stream_options`) or only identify
 * the end user (`user`). Two keys with different access scopes never share an entry, even for the same request.
 */

const DELIVERY_FIELDS: ReadonlySet<string> = new Set(["model", "stream", "stream_options", "user"]);

export function responseCacheKey(key: KeyPolicy, deploymentName: string, body: Record<string, unknown>): string {
  const scope = [...key.allowedModels].sort().join("\n");
  const request: Record<string, unknown> = {};
  for (const name of Object.keys(body).sort()) if (!DELIVERY_FIELDS.has(name)) request[name] = body[name];

  // One string for the one-shot hash: the same digest as updating with each part, without a Hash object.
  return hash("sha256", [key.workspaceId, scope, deploymentName, canonicalJson(request)].join("\u0000"), "hex");
}

/** JSON with object keys sorted at every level, so equal requests give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
    .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
  return `{${entries.join(",")}}`;
}

/** True when the client asked to skip the cache (`Cache-Control: no-cache` or `no-store`, or `x-luodi-cache: bypass`). */
export function clientBypassesCache(req: IncomingMessage): boolean {
  const control = req.headers["cache-control"];
  if (control && /\b(no-cache|no-store)\b/i.test(control)) return true;
  const luodi = req.headers["x-luodi-cache"];
  return typeof luodi === "string" && luodi.trim().toLowerCase() === "bypass";
}
