import type { Deployment, Prisma } from "@/lib/db/generated/client";
import type { CanaryState, DeploymentTarget } from "../contracts";
import type { CanaryInput, CreateDeploymentInput } from "./schemas";
import type { ModelReference } from "./deployment-models";

/** Conversions between Deployment rows, the admin input shapes and the list of models a deployment names. */

export const CANARY_STATES = ["none", "active", "rolled_back"] as const satisfies readonly CanaryState[];

/** Reads the `targets` JSON column; entries that are not `{ modelId, weight }` are dropped rather than trusted. */
export function targetsOf(deployment: Pick<Deployment, "targets">): DeploymentTarget[] {
  if (!Array.isArray(deployment.targets)) return [];
  const targets: DeploymentTarget[] = [];
  for (const entry of deployment.targets as unknown[]) {
    const candidate = entry as { modelId?: unknown; weight?: unknown } | null;
    if (candidate && typeof candidate.modelId === "string" && typeof candidate.weight === "number") targets.push({ modelId: candidate.modelId, weight: candidate.weight });
  }
  return targets;
}

export function canaryStateOf(deployment: Pick<Deployment, "canaryState">): CanaryState {
  return (CANARY_STATES as readonly string[]).includes(deployment.canaryState) ? (deployment.canaryState as CanaryState) : "none";
}

/** Reads the canary settings of a row; null when the deployment has no canary model. */
export function canaryOf(deployment: Deployment): CanaryInput | null {
  if (!deployment.canaryModelId) return null;
  return {
    modelId: deployment.canaryModelId,
    percent: deployment.canaryPercent,
    maxErrorRate: deployment.canaryMaxErrorRate,
    maxP95Ms: deployment.canaryMaxP95Ms,
    minRequests: deployment.canaryMinRequests,
  };
}

/** Columns for new canary settings. Removing the canary also clears its state and rollback record. */
export function canaryColumns(canary: CanaryInput | null) {
  if (!canary) return { canaryModelId: null, canaryPercent: 0, canaryState: "none", canaryRolledBackAt: null, canaryRollbackNote: null };
  return {
    canaryModelId: canary.modelId,
    canaryPercent: canary.percent,
    canaryMaxErrorRate: canary.maxErrorRate,
    canaryMaxP95Ms: canary.maxP95Ms,
    canaryMinRequests: canary.minRequests,
  };
}

type RoutingShape = Pick<CreateDeploymentInput, "targets" | "fallbacks" | "canary">;

/** Lists every model a deployment names, in the order the checks report them, with the request field of each. */
export function modelReferencesOf(config: RoutingShape): ModelReference[] {
  return [
    ...config.targets.map((target, index) => ({ modelId: target.modelId, field: `targets.${index}.modelId` })),
    ...(config.canary ? [{ modelId: config.canary.modelId, field: "canary.modelId" }] : []),
    ...config.fallbacks.map((modelId, index) => ({ modelId, field: `fallbacks.${index}` })),
  ];
}

/** Copies the settings of a row as plain JSON values, for audit events. */
export function deploymentSnapshot(deployment: Deployment): Record<string, unknown> {
  return {
    name: deployment.name,
    description: deployment.description,
    targets: targetsOf(deployment),
    fallbacks: deployment.fallbacks,
    canary: canaryOf(deployment),
    retries: deployment.retries,
    retryBackoffMs: deployment.retryBackoffMs,
    fallbackOn: deployment.fallbackOn,
    timeoutMs: deployment.timeoutMs,
    cacheTtlSeconds: deployment.cacheTtlSeconds,
    enabled: deployment.enabled,
  };
}

export function targetsJson(targets: DeploymentTarget[]): Prisma.InputJsonValue {
  return targets.map((target) => ({ modelId: target.modelId, weight: target.weight }));
}
