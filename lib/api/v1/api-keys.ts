import { z } from "zod";
import { createApiKey, getApiKeyWithSpend, listApiKeys, revokeApiKey, rotateApiKey, updateApiKey } from "@/lib/gateway/admin/api-keys";
import { apiKeyResource, createdApiKeyResource, rotatedApiKeyResource } from "@/lib/gateway/admin/resources";
import { createApiKeyInput, rotateApiKeyInput, updateApiKeyInput } from "@/lib/gateway/admin/schemas";
import { toApiKeyView } from "@/lib/gateway/admin/views";
import { defineRoute } from "../route";

export const GATEWAY_TAG = "Gateway";

const keyPathParams = z.object({ keyId: z.string().min(1).max(100).describe("API key id") });

export const listApiKeysRoute = defineRoute({
  method: "GET",
  path: "/api-keys",
  operationId: "listApiKeys",
  summary: "List gateway API keys",
  description: "Lists the workspace's API keys, newest first, with status, limits and this month's spend. Keys and their hashes are never included.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  response: z.array(apiKeyResource),
  async handler({ actor, db }) {
    const now = new Date();
    const keys = await listApiKeys(db, actor, now);
    return { data: keys.map(({ key, spend }) => toApiKeyView(key, spend, now)) };
  },
});

export const createApiKeyRoute = defineRoute({
  method: "POST",
  path: "/api-keys",
  operationId: "createApiKey",
  summary: "Create a gateway API key",
  description:
    "Creates a key for applications calling the gateway. The response holds the full key once; Luodi stores only its sha256 and prefix. allowedModels entries must name existing deployments or prompt templates (prompt:<name>), or be *.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  body: createApiKeyInput.strict(),
  response: createdApiKeyResource,
  successStatus: 201,
  async handler({ actor, db, body }) {
    const { key, secret, audit } = await createApiKey(db, actor, body);
    return { data: { apiKey: toApiKeyView(key, []), key: secret }, audit };
  },
});

export const getApiKeyRoute = defineRoute({
  method: "GET",
  path: "/api-keys/{keyId}",
  operationId: "getApiKey",
  summary: "Get a gateway API key",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: keyPathParams,
  response: apiKeyResource,
  async handler({ actor, db, params }) {
    const { key, spend } = await getApiKeyWithSpend(db, actor, params.keyId);
    return { data: toApiKeyView(key, spend) };
  },
});

export const updateApiKeyRoute = defineRoute({
  method: "PATCH",
  path: "/api-keys/{keyId}",
  operationId: "updateApiKey",
  summary: "Change a gateway API key",
  description: "Changes the name, allowed models, limits, budget, expiry, cache or content logging of a key that is not revoked. The secret stays the same; rotate the key to replace it.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: keyPathParams,
  body: updateApiKeyInput.strict().refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  response: apiKeyResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { key, audit } = await updateApiKey(db, actor, params.keyId, body);
    const { spend } = await getApiKeyWithSpend(db, actor, key.id);
    return { data: toApiKeyView(key, spend), audit };
  },
});

export const revokeApiKeyRoute = defineRoute({
  method: "POST",
  path: "/api-keys/{keyId}/revoke",
  operationId: "revokeApiKey",
  summary: "Revoke a gateway API key",
  description: "Revokes the key at once. This cannot be undone; gateways reject the key from their next config refresh (a few seconds).",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: keyPathParams,
  response: apiKeyResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { key, audit } = await revokeApiKey(db, actor, params.keyId);
    const { spend } = await getApiKeyWithSpend(db, actor, key.id);
    return { data: toApiKeyView(key, spend), audit };
  },
});

export const rotateApiKeyRoute = defineRoute({
  method: "POST",
  path: "/api-keys/{keyId}/rotate",
  operationId: "rotateApiKey",
  summary: "Rotate a gateway API key",
  description:
    "Creates a new key with the same settings and returns its secret once. The old key is revoked now (graceSeconds 0) or expires after 1 hour (3600) or 24 hours (86400), so applications can switch without downtime. A key is rotated once; rotate the newest key next time.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: keyPathParams,
  body: rotateApiKeyInput.strict(),
  response: rotatedApiKeyResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { key, previous, secret, audit } = await rotateApiKey(db, actor, params.keyId, body.graceSeconds);
    const { spend } = await getApiKeyWithSpend(db, actor, previous.id);
    return { data: { apiKey: toApiKeyView(key, []), key: secret, previous: toApiKeyView(previous, spend) }, audit };
  },
});
