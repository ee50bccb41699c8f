import type { Deployment } from "@/lib/db/generated/client";
import type { StoredApiKey } from "./api-keys";
import { canaryStateOf, targetsOf } from "./deployment-config";
import type { ModelSummary } from "./model-summaries";
import type { SpendAmount } from "./spend";

/*
 * Rows → the wire shapes in resources.ts. An API key view has no field for the key or its
 * hash; the secret is added to the create and rotate responses only.
 */

export type ApiKeyStatus = "active" | "expired" | "revoked";

export function apiKeyStatus(key: Pick<StoredApiKey, "revokedAt" | "expiresAt">, now: Date): ApiKeyStatus {
  if (key.revokedAt && key.revokedAt.getTime() <= now.getTime()) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

export function toApiKeyView(key: StoredApiKey, spend: SpendAmount[], now = new Date()) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: apiKeyStatus(key, now),
    allowedModels: key.allowedModels,
    rpmLimit: key.rpmLimit,
    tpmLimit: key.tpmLimit,
    monthlyBudget: key.monthlyBudget === null ? null : Number(key.monthlyBudget.toString()),
    budgetCurrency: key.budgetCurrency === "USD" ? ("USD" as const) : ("CNY" as const),
    monthSpend: spend,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    cacheEnabled: key.cacheEnabled,
    storeContent: key.storeContent,
    fineTuningEnabled: key.fineTuningEnabled,
    rotatedFromId: key.rotatedFromId,
    lastUsedAt: key.lastUsedAt,
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
  };
}

function modelView(modelId: string, models: Map<string, ModelSummary>) {
  return { modelId, model: models.get(modelId) ?? null };
}

/** `percent` is each target's share of the non-canary traffic, rounded to one decimal. */
export function toDeploymentView(deployment: Deployment, models: Map<string, ModelSummary>) {
  const targets = targetsOf(deployment);
  const totalWeight = targets.reduce((sum, target) => sum + target.weight, 0);

  return {
    id: deployment.id,
    name: deployment.name,
    description: deployment.description,
    targets: targets.map((target) => ({
      ...modelView(target.modelId, models),
      weight: target.weight,
      percent: totalWeight > 0 ? Math.round((target.weight / totalWeight) * 1000) / 10 : 0,
    })),
    fallbacks: deployment.fallbacks.map((modelId) => modelView(modelId, models)),
    canary: deployment.canaryModelId
      ? {
          ...modelView(deployment.canaryModelId, models),
          percent: deployment.canaryPercent,
          maxErrorRate: deployment.canaryMaxErrorRate,
          maxP95Ms: deployment.canaryMaxP95Ms,
          minRequests: deployment.canaryMinRequests,
          state: canaryStateOf(deployment),
          rolledBackAt: deployment.canaryRolledBackAt,
          rollbackNote: deployment.canaryRollbackNote,
        }
      : null,
    retries: deployment.retries,
    retryBackoffMs: deployment.retryBackoffMs,
    fallbackOn: deployment.fallbackOn,
    timeoutMs: deployment.timeoutMs,
    cacheTtlSeconds: deployment.cacheTtlSeconds,
    enabled: deployment.enabled,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
  };
}
