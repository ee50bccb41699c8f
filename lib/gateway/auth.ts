import type { IncomingMessage } from "node:http";
import type { ConfigStore } from "./config-store";
import type { KeyPolicy } from "./contracts";
import { hashApiKey, looksLikeApiKey } from "./key-secret";
import { GatewayError } from "./respond";

const KEY_ADVICE = "An admin creates keys in the Luodi console under API keys.";

function authError(code: string, message: string): GatewayError {
  return new GatewayError(401, { message, type: "authentication_error", param: null, code }, { "www-authenticate": 'Bearer realm="luodi"' });
}

/**
 * Reads the key from `Authorization: Bearer <key>`, or from the `api-key` header that Azure OpenAI clients
 * send. Returns null when neither header is present.
 */
export function readPresentedKey(req: IncomingMessage): string | null {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw authError("invalid_api_key", "The Authorization header is malformed. Send `Authorization: Bearer <your Luodi API key>`.");
    }
    return match[1]!;
  }
  const azureKey = req.headers["api-key"];
  const value = Array.isArray(azureKey) ? azureKey[0] : azureKey;
  return value ? value.trim() : null;
}

/**
 * Authenticates the request's API key against the config snapshot, with one database look-up for a key
 * created after the last refresh. Throws 401 for a missing, malformed, unknown, expired or revoked key.
 */
export async function authenticate(req: IncomingMessage, store: ConfigStore, now = Date.now()): Promise<KeyPolicy> {
  const presented = readPresentedKey(req);
  if (presented === null) {
    throw authError("invalid_api_key", `No API key was sent. Send \`Authorization: Bearer <your Luodi API key>\`. ${KEY_ADVICE}`);
  }
  if (!looksLikeApiKey(presented)) {
    throw authError("invalid_api_key", `The API key is malformed: Luodi keys start with "lk-" followed by 43 characters. Check that the whole key was copied. ${KEY_ADVICE}`);
  }

  const keyHash = hashApiKey(presented);
  let key = store.snapshot().keysByHash.get(keyHash) ?? null;
  if (!key) {
    try {
      key = await store.lookupKey(keyHash);
    } catch {
      throw new GatewayError(
        503,
        { message: "The gateway cannot check this API key right now because its database is unreachable. Retry in a few seconds.", type: "server_error", param: null, code: "key_check_unavailable" },
        { "retry-after": "5" },
      );
    }
  }
  if (!key) throw authError("invalid_api_key", `The API key ${presented.slice(0, 11)}… is not valid. Check the key, or ask an admin for a new one. ${KEY_ADVICE}`);

  if (key.revokedAt && key.revokedAt.getTime() <= now) {
    throw authError("revoked_api_key", `The API key ${key.prefix}… was revoked on ${key.revokedAt.toISOString()}. Use its replacement, or ask an admin for a new key.`);
  }
  if (key.expiresAt && key.expiresAt.getTime() <= now) {
    throw authError("expired_api_key", `The API key ${key.prefix}… expired on ${key.expiresAt.toISOString()}. Ask an admin to extend it or to create a new key.`);
  }
  return key;
}

/** True when the key's allowedModels include the deployment (or prompt address) name, or "*". */
export function keyAllows(key: KeyPolicy, name: string): boolean {
  for (const allowed of key.allowedModels) if (allowed === "*" || allowed === name) return true;
  return false;
}
