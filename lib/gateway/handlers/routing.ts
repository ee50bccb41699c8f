import type { ServerResponse } from "node:http";
import { LlmError, type Capability, type ModelTarget } from "@/lib/llm/types";
import { Cancellation, type CancelSignal } from "@/lib/net/cancellation";
import { keyAllows } from "../auth";
import type { Attempt, DeploymentConfig, KeyPolicy } from "../contracts";
import { GatewayError } from "../respond";
import { planAttempts, runAttempts, type AttemptOutcome, type AttemptRun } from "../router";
import { AttemptTimer } from "../upstream";
import type { GatewayDeps } from "../app";

/**
 * Deployment lookup and the upstream attempt loop shared by the chat and embeddings handlers. The router
 * plans the attempts, and each attempt gets its own inactivity timer. Every attempt is counted in the
 * upstream metrics, and canary attempts are also reported to the canary monitor.
 */

/** Finds the deployment named by `model`; throws 404 when it is unknown and 403 when the key may not use it. */
export function findDeployment(deps: GatewayDeps, key: KeyPolicy, model: string): DeploymentConfig {
  const deployment = deps.config.deployment(key.workspaceId, model);
  if (!deployment) {
    throw new GatewayError(404, {
      message: `The model \`${model}\` does not exist or is disabled. Use a deployment name; GET /v1/models lists the ones your key may use. A deployment created or enabled a moment ago may not be loaded yet (see LUODI_GATEWAY_REFRESH_MS), so retry shortly.`,
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    });
  }
  if (!keyAllows(key, deployment.name)) throw notAllowed(key, deployment.name);
  return deployment;
}

export function notAllowed(key: KeyPolicy, name: string): GatewayError {
  return new GatewayError(403, {
    message: `The API key ${key.prefix}… may not use \`${name}\`. Use a model from GET /v1/models, or ask an admin to add it to the key's allowed models.`,
    type: "permission_error",
    param: "model",
    code: "model_not_allowed",
  });
}

export type UpstreamRun<T> = AttemptRun<T> & {
  /** Target of the last attempt; null when it could not be resolved. */
  target: ModelTarget | null;
};

export type AttemptCall<T> = (target: ModelTarget, timer: AttemptTimer, attempt: Attempt) => Promise<AttemptOutcome<T>>;

/**
 * Runs the deployment's attempts (target or canary, then fallbacks) with its retry policy. Models without
 * the required capability, or missing from the snapshot (disabled since), are left out of the plan.
 */
export async function runDeployment<T>(
  deps: GatewayDeps,
  deployment: DeploymentConfig,
  capability: Capability,
  signal: CancelSignal,
  call: AttemptCall<T>,
): Promise<UpstreamRun<T>> {
  const snapshot = deps.config.snapshot();
  const plan = planAttempts(deployment, deps.random).filter((attempt) => {
    const target = snapshot.targets.get(attempt.modelId);
    return target !== undefined && target.workspaceId === deployment.workspaceId && supports(target, capability);
  });
  if (plan.length === 0) {
    throw new GatewayError(503, {
      message: `The deployment \`${deployment.name}\` has no enabled model that supports ${capability}. Ask an admin to check its targets in the Luodi console.`,
      type: "server_error",
      param: "model",
      code: "no_usable_target",
    });
  }

  const targets = new Map<Attempt, ModelTarget | null>();
  const run = await runAttempts<T>(
    plan,
    deployment,
    async (attempt) => {
      const started = performance.now();
      let outcome: AttemptOutcome<T>;
      let target: ModelTarget | null = null;
      try {
        target = await deps.config.target(deployment.workspaceId, attempt.modelId);
      } catch (error) {
        deps.log.warn({ modelId: attempt.modelId, error: error instanceof Error ? error.message : String(error) }, "gateway.target_unavailable");
      }
      targets.set(attempt, target);
      if (!target) return { ok: false, status: null, error: new LlmError("network", `The model ${attempt.modelId} cannot be called right now`) };

      const timer = new AttemptTimer(deployment.timeoutMs, signal);
      try {
        outcome = await call(target, timer, attempt);
      } catch (error) {
        outcome = { ok: false, status: null, error: timer.toError(error), final: timer.cause === "cancelled" };
      } finally {
        timer.dispose();
      }

      const latencyMs = performance.now() - started;
      deps.metrics.observeUpstream({ model: target.model, status: outcome.ok ? 200 : outcome.status, latencyMs });
      const cancelled = !outcome.ok && outcome.error instanceof LlmError && outcome.error.kind === "cancelled";
      if (attempt.role === "canary" && !cancelled) deps.canary.record(deployment, { ok: outcome.ok, latencyMs });
      return outcome;
    },
    { signal },
  );
  // Built field by field: a spread plus a property per request outlived young-generation collections (see runOutcome).
  const target = targets.get(run.attempt) ?? null;
  if (run.ok) return { ok: true, value: run.value, attempt: run.attempt, attempts: run.attempts, fallbackUsed: run.fallbackUsed, target };
  return { ok: false, last: run.last, attempt: run.attempt, attempts: run.attempts, fallbackUsed: run.fallbackUsed, target };
}

/** Models with no capabilities recorded are tried for anything; a vision model also serves chat. */
function supports(target: ModelTarget, capability: Capability): boolean {
  if (target.capabilities.length === 0 || target.capabilities.includes(capability)) return true;
  return capability === "chat" && target.capabilities.includes("vision");
}

/** Converts an LlmError (a non-2xx upstream response or a failed read) into the router's outcome shape. */
export function failedOutcome<T>(error: LlmError, options: { final?: boolean } = {}): AttemptOutcome<T> {
  const status = error.kind === "rate_limited" || error.kind === "upstream_status" ? (error.details.httpStatus ?? null) : null;
  return { ok: false, status, retryAfterSeconds: error.details.retryAfterSeconds, error, final: options.final || error.kind === "cancelled" };
}

/** Builds the error the client receives when every attempt failed and nothing was sent yet. */
export function upstreamFailureError(error: unknown, deploymentName: string): GatewayError {
  const failure = error instanceof LlmError ? error : new LlmError("network", "The model could not be called");
  const provider = failure.details.providerMessage ? `: ${failure.details.providerMessage}` : "";
  const status = failure.details.httpStatus ?? 0;

  switch (failure.kind) {
    case "rate_limited": {
      const seconds = failure.details.retryAfterSeconds ?? 1;
      return new GatewayError(
        429,
        { message: `The model provider behind \`${deploymentName}\` is rate limiting requests${provider}. Retry after ${seconds} s.`, type: "rate_limit_error", param: null, code: "upstream_rate_limited" },
        { "retry-after": String(seconds) },
      );
    }
    case "upstream_status":
      if (status >= 400 && status < 500) {
        return new GatewayError(status, { message: `The model provider rejected the request (HTTP ${status})${provider}`, type: "invalid_request_error", param: null, code: "upstream_rejected" });
      }
      return new GatewayError(502, { message: `The model provider failed (HTTP ${status})${provider}. Retry later.`, type: "server_error", param: null, code: "upstream_error" });
    case "timeout":
      return new GatewayError(504, { message: `${failure.message}; the deployment \`${deploymentName}\` timed out. Retry later, or ask an admin to raise its timeout.`, type: "server_error", param: null, code: "upstream_timeout" });
    case "malformed_response":
      return new GatewayError(502, { message: `The model provider sent a malformed response: ${failure.message}`, type: "server_error", param: null, code: "upstream_malformed_response" });
    case "stream_cut":
      return new GatewayError(502, { message: `${failure.message}. Retry the request.`, type: "server_error", param: null, code: "stream_cut" });
    default:
      return new GatewayError(502, { message: `${failure.message}. Retry later.`, type: "server_error", param: null, code: "upstream_unreachable" });
  }
}

/** Waits for the first config load; 503 with Retry-After while the database has never been reachable. */
export async function requireConfig(deps: GatewayDeps): Promise<void> {
  try {
    await deps.config.ensureLoaded();
  } catch {
    throw new GatewayError(
      503,
      { message: "The gateway has not loaded its keys and deployments yet because its database is unreachable. Retry in a few seconds.", type: "server_error", param: null, code: "config_unavailable" },
      { "retry-after": "5" },
    );
  }
}

/** Returns a signal that aborts when the client's connection closes before the response was finished. */
export function cancelOnDisconnect(res: ServerResponse): CancelSignal {
  const cancellation = new Cancellation();
  res.once("close", () => {
    if (!res.writableFinished) cancellation.abort(new DOMException("The client disconnected", "AbortError"));
  });
  return cancellation;
}
