import { DEPLOYMENT_NAME_PATTERN, FALLBACK_STATUSES, PROMPT_PREFIX } from "@/lib/gateway/admin/schemas";
import type { DeploymentView } from "./types";

/**
 * The deployment editor's state and its conversion to the API body. Numbers stay strings while the user
 * types, so an empty field is distinct from 0.
 */
export type TargetRow = { modelId: string; weight: string };

export type CanaryFields = { modelId: string; percent: string; maxErrorRatePercent: string; maxP95Ms: string; minRequests: string };

export type DeploymentFormState = {
  name: string;
  description: string;
  targets: TargetRow[];
  fallbacks: string[];
  canaryEnabled: boolean;
  canary: CanaryFields;
  retries: string;
  retryBackoffMs: string;
  fallbackOn: number[];
  timeoutSeconds: string;
  cacheTtlSeconds: string;
  enabled: boolean;
};

const emptyCanary: CanaryFields = { modelId: "", percent: "10", maxErrorRatePercent: "20", maxP95Ms: "", minRequests: "20" };

export function initialFormState(deployment?: DeploymentView): DeploymentFormState {
  if (!deployment) {
    return {
      name: "",
      description: "",
      targets: [{ modelId: "", weight: "100" }],
      fallbacks: [],
      canaryEnabled: false,
      canary: emptyCanary,
      retries: "2",
      retryBackoffMs: "200",
      fallbackOn: [429, 500, 502, 503, 504],
      timeoutSeconds: "60",
      cacheTtlSeconds: "0",
      enabled: true,
    };
  }
  const canary = deployment.canary;
  return {
    name: deployment.name,
    description: deployment.description,
    targets: deployment.targets.map((target) => ({ modelId: target.modelId, weight: String(target.weight) })),
    fallbacks: deployment.fallbacks.map((fallback) => fallback.modelId),
    canaryEnabled: canary !== null,
    canary: canary
      ? {
          modelId: canary.modelId,
          percent: String(canary.percent),
          maxErrorRatePercent: String(Math.round(canary.maxErrorRate * 1000) / 10),
          maxP95Ms: canary.maxP95Ms === null ? "" : String(canary.maxP95Ms),
          minRequests: String(canary.minRequests),
        }
      : emptyCanary,
    retries: String(deployment.retries),
    retryBackoffMs: String(deployment.retryBackoffMs),
    fallbackOn: deployment.fallbackOn,
    timeoutSeconds: String(deployment.timeoutMs / 1000),
    cacheTtlSeconds: String(deployment.cacheTtlSeconds),
    enabled: deployment.enabled,
  };
}

/** Share of each target row in percent (one decimal); rows with an invalid weight count as 0. */
export function targetPercents(targets: TargetRow[]): number[] {
  const weights = targets.map((target) => {
    const value = Number(target.weight);
    return Number.isFinite(value) && value > 0 ? value : 0;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (total > 0 ? Math.round((weight / total) * 1000) / 10 : 0));
}

export type FormProblem = "nameRequired" | "nameCharacters" | "namePrompt" | "targetModel" | "targetWeight" | "canaryModel";

/** Checks what the browser can check before sending; the API checks everything again. */
export function formProblems(state: DeploymentFormState): FormProblem[] {
  const problems: FormProblem[] = [];
  const name = state.name.trim();
  if (!name) problems.push("nameRequired");
  else if (!DEPLOYMENT_NAME_PATTERN.test(name)) problems.push("nameCharacters");
  else if (name.toLowerCase().startsWith(PROMPT_PREFIX)) problems.push("namePrompt");
  if (state.targets.length === 0 || state.targets.some((target) => !target.modelId)) problems.push("targetModel");
  if (state.targets.some((target) => !(Number(target.weight) > 0))) problems.push("targetWeight");
  if (state.canaryEnabled && !state.canary.modelId) problems.push("canaryModel");
  return problems;
}

const toNumber = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** Builds the POST/PATCH body. Invalid numbers are sent as they are, so the API names the field. */
export function formBody(state: DeploymentFormState) {
  return {
    name: state.name.trim(),
    description: state.description.trim(),
    targets: state.targets.map((target) => ({ modelId: target.modelId, weight: toNumber(target.weight) })),
    fallbacks: state.fallbacks.filter(Boolean),
    canary: state.canaryEnabled
      ? {
          modelId: state.canary.modelId,
          percent: toNumber(state.canary.percent),
          maxErrorRate: toNumber(state.canary.maxErrorRatePercent) / 100,
          maxP95Ms: state.canary.maxP95Ms.trim() === "" ? null : toNumber(state.canary.maxP95Ms),
          minRequests: toNumber(state.canary.minRequests),
        }
      : null,
    retries: toNumber(state.retries),
    retryBackoffMs: toNumber(state.retryBackoffMs),
    fallbackOn: FALLBACK_STATUSES.filter((status) => state.fallbackOn.includes(status)),
    timeoutMs: Math.round(toNumber(state.timeoutSeconds) * 1000),
    cacheTtlSeconds: toNumber(state.cacheTtlSeconds),
    enabled: state.enabled,
  };
}
