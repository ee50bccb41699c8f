import { hash, randomBytes } from "node:crypto";

/**
 * Gateway API keys: `lk-` and 32 random bytes in base64url. Only the sha256 of a key is stored; with 256
 * random bits a fast hash is as safe as a slow one, and the gateway can check a key on every request.
 */

export const API_KEY_PREFIX = "lk-";
const PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const KEY_PATTERN = /^lk-[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): { key: string; keyHash: string; prefix: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, keyHash: hashApiKey(key), prefix: key.slice(0, PREFIX_LENGTH) };
}

/**
 * Returns the key's sha256 in hex. The gateway hashes every presented key, and the one-shot hash makes no
 * Hash object: each of those is a native handle that young-generation collections must process.
 */
export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** True when the text has the shape of a Luodi key; other bearer tokens are refused as malformed. */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}
