import { z } from "zod";
import { CAPABILITIES, CURRENCIES } from "@/lib/llm/types";
import { CANARY_STATES } from "./deployment-config";

/*
 * Wire shapes of the API key and deployment routes. No shape has a field for a key's hash; the key itself
 * appears only in the create and rotate responses. Each schema with an `id` becomes an OpenAPI component.
 */

const dateTime = z.iso.datetime();

export const spendResource = z.object({ currency: z.enum(CURRENCIES), amount: z.number() }).meta({ id: "Spend", description: "An amount of money in one currency" });

export const apiKeyResource = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("First 11 characters of the key (lk- and 8 more), to tell keys apart"),
    status: z.enum(["active", "expired", "revoked"]),
    allowedModels: z.array(z.string()).describe("Deployment names and prompt:<name> entries; [\"*\"] allows all"),
    rpmLimit: z.number().int().nullable(),
    tpmLimit: z.number().int().nullable(),
    monthlyBudget: z.number().nullable(),
    budgetCurrency: z.enum(CURRENCIES),
    monthSpend: z.array(spendResource).describe("Cost of this key's requests since the first of the month (UTC), per currency"),
    expiresAt: dateTime.nullable(),
    revokedAt: dateTime.nullable(),
    cacheEnabled: z.boolean(),
    storeContent: z.boolean(),
    fineTuningEnabled: z.boolean().describe("True: the key may use /v1/files and /v1/fine_tuning"),
    rotatedFromId: z.string().nullable().describe("The key this one replaced by rotation"),
    lastUsedAt: dateTime.nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "ApiKey", description: "A gateway API key; the key itself is never returned after creation" });

export const createdApiKeyResource = z
  .object({
    apiKey: apiKeyResource,
    key: z.string().describe("The full key. It is shown this once; Luodi stores only its sha256"),
  })
  .meta({ id: "CreatedApiKey", description: "A new API key with its secret" });

export const rotatedApiKeyResource = z
  .object({
    apiKey: apiKeyResource.describe("The new key"),
    key: z.string().describe("The new key's secret. It is shown this once"),
    previous: apiKeyResource.describe("The old key, revoked or expiring at the end of the grace period"),
  })
  .meta({ id: "RotatedApiKey", description: "The key that replaced a rotated one, with its secret" });

export const modelSummaryResource = z
  .object({
    id: z.string(),
    name: z.string(),
    displayName: z.string(),
    providerName: z.string(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    callable: z.boolean().describe("False when the model or its provider is disabled"),
  })
  .meta({ id: "DeploymentModel", description: "A provider model a deployment routes to" });

const modelReference = {
  modelId: z.string().describe("ProviderModel id"),
  model: modelSummaryResource.nullable().describe("Null when the model was deleted"),
};

export const deploymentResource = z
  .object({
    id: z.string(),
    name: z.string().describe("What clients put in `model`"),
    description: z.string(),
    targets: z.array(z.object({ ...modelReference, weight: z.number(), percent: z.number().describe("Share of non-canary requests, 0-100") })),
    fallbacks: z.array(z.object(modelReference)),
    canary: z
      .object({
        ...modelReference,
        percent: z.number().int(),
        maxErrorRate: z.number(),
        maxP95Ms: z.number().int().nullable(),
        minRequests: z.number().int(),
        state: z.enum(CANARY_STATES).describe("none: configured, not started; active: receiving its share; rolled_back: stopped by an admin or by the gateway"),
        rolledBackAt: dateTime.nullable(),
        rollbackNote: z.string().nullable().describe("Why the canary was rolled back"),
      })
      .nullable(),
    retries: z.number().int(),
    retryBackoffMs: z.number().int(),
    fallbackOn: z.array(z.number().int()),
    timeoutMs: z.number().int(),
    cacheTtlSeconds: z.number().int(),
    enabled: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "Deployment", description: "A gateway route: the model name clients call and the provider models behind it" });
