import { keyAllows } from "../auth";
import type { DeploymentConfig, KeyPolicy } from "../contracts";
import { buildPromptRequest, isPromptModel, parsePromptAddress, promptPermissionName } from "../prompt-model";
import { invalidRequest } from "../respond";
import type { GatewayDeps } from "../app";
import { findDeployment, notAllowed } from "./routing";

/** The destination of a chat request: a deployment, or a prompt version's model wrapped as a one-target deployment. */
export type ChatRoute = {
  /** Deployment name or prompt address, logged as the route. */
  name: string;
  deployment: DeploymentConfig;
  deploymentId: string | null;
  promptVersionId: string | null;
  /** The body to forward, before `model` is set per attempt. */
  body: Record<string, unknown>;
  cacheTtlSeconds: number;
};

// Prompt calls have no deployment of their own, so they get the Deployment table's default routing policy.
const PROMPT_RETRIES = 2;
const PROMPT_RETRY_BACKOFF_MS = 200;
const PROMPT_FALLBACK_ON = [429, 500, 502, 503, 504];

export async function resolveChatRoute(deps: GatewayDeps, key: KeyPolicy, model: string, body: Record<string, unknown>): Promise<ChatRoute> {
  if (!isPromptModel(model)) {
    const deployment = findDeployment(deps, key, model);
    return { name: deployment.name, deployment, deploymentId: deployment.id, promptVersionId: null, body, cacheTtlSeconds: deployment.cacheTtlSeconds };
  }

  const address = parsePromptAddress(model);
  const permission = promptPermissionName(address);
  if (!keyAllows(key, permission)) throw notAllowed(key, permission);

  const prompt = await buildPromptRequest(deps.config, key.workspaceId, address, body);
  const target = deps.config.snapshot().targets.get(prompt.modelId);
  if (!target || target.workspaceId !== key.workspaceId) {
    throw invalidRequest(
      `The model of version ${prompt.version.number} of prompt "${address.name}" is disabled or was removed. Choose another model for the version in the Luodi console.`,
      "model",
      "prompt_model_unavailable",
    );
  }

  const deployment: DeploymentConfig = {
    id: `prompt:${prompt.version.id}`,
    workspaceId: key.workspaceId,
    name: address.route,
    targets: [{ modelId: prompt.modelId, weight: 1 }],
    fallbacks: [],
    canary: null,
    retries: PROMPT_RETRIES,
    retryBackoffMs: PROMPT_RETRY_BACKOFF_MS,
    fallbackOn: PROMPT_FALLBACK_ON,
    timeoutMs: target.timeoutMs,
    cacheTtlSeconds: 0,
    enabled: true,
  };
  return { name: address.route, deployment, deploymentId: null, promptVersionId: prompt.version.id, body: prompt.body, cacheTtlSeconds: 0 };
}
