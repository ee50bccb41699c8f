import { countTextTokens } from "@/lib/llm/estimate";
import { LlmError, type TokenUsage } from "@/lib/llm/types";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { RouteContext } from "../app";
import { authenticate } from "../auth";
import { parseJsonObject, readBody } from "../body";
import { GatewayError, sendJsonText } from "../respond";
import type { AttemptOutcome } from "../router";
import { openUpstream, parseUpstreamJson, readUpstreamBody, upstreamStatusError } from "../upstream";
import { validateEmbeddingsBody } from "../validate";
import { admitKey } from "./admission";
import { logRejection, meterRequest } from "./meter-request";
import { NO_USAGE, runOutcome, type MeterContext } from "./metering";
import { cancelOnDisconnect, failedOutcome, findDeployment, requireConfig, runDeployment, upstreamFailureError } from "./routing";

/**
 * POST /v1/embeddings: passes the body through to an embeddings-capable target of the deployment, with
 * `model` swapped for the upstream name on the way out and back, and logs the usage.
 */
export async function handleEmbeddings(context: RouteContext): Promise<void> {
  const { req, res, deps } = context;
  await requireConfig(deps);
  const key = await authenticate(req, deps.config);

  const meter: MeterContext = { key, requestId: context.requestId, route: "", deploymentId: null, promptVersionId: null, stream: false, messages: [] };
  let texts: string[];
  let run;
  try {
    const body = parseJsonObject(await readBody(req, deps.settings.maxBodyBytes));
    meter.route = typeof body.model === "string" ? body.model : "";
    const info = validateEmbeddingsBody(body);
    texts = info.texts;
    const deployment = findDeployment(deps, key, info.model);
    Object.assign(meter, { route: deployment.name, deploymentId: deployment.id });
    context.stats.deployment = deployment.name;
    await admitKey(deps, key);

    const forward: Record<string, unknown> = { ...body };
    run = await runDeployment(deps, deployment, "embeddings", cancelOnDisconnect(res), async (target, timer): Promise<AttemptOutcome<Record<string, unknown>>> => {
      forward.model = target.model;
      const incoming = await openUpstream(target, "/embeddings", JSON.stringify(forward), timer, false);
      if ((incoming.statusCode ?? 502) >= 400) return failedOutcome(await upstreamStatusError(incoming, timer));
      const json = parseUpstreamJson((await readUpstreamBody(incoming.body, timer)).toString("utf8"));
      if (json instanceof LlmError) return failedOutcome(json);
      return { ok: true, value: json };
    });
  } catch (error) {
    if (error instanceof GatewayError) logRejection(context, meter, error);
    throw error;
  }

  const latencyMs = performance.now() - context.startedAt;
  if (!run.ok) {
    const error = run.last.error instanceof LlmError ? run.last.error : new LlmError("network", toSafeErrorText(run.last.error));
    const cancelled = error.kind === "cancelled";
    const clientError = cancelled ? null : upstreamFailureError(error, meter.route);
    meterRequest(context, key, meter, runOutcome(run, {
      status: cancelled ? "cancelled" : "error",
      httpStatus: clientError?.status ?? null,
      errorCode: error.kind,
      errorMessage: error.message,
      usage: NO_USAGE,
      ttftMs: null,
      latencyMs,
      answer: null,
    }));
    if (clientError) throw clientError;
    res.destroy();
    return;
  }

  const json = run.value;
  json.model = meter.route;
  sendJsonText(res, 200, JSON.stringify(json));
  meterRequest(context, key, meter, runOutcome(run, { status: "ok", httpStatus: 200, errorCode: null, errorMessage: null, usage: embeddingUsage(json.usage, texts), ttftMs: null, latencyMs, answer: null }));
}

/** Returns the provider's prompt_tokens, else the inputs counted (token-id inputs count as zero) and marked estimated. */
function embeddingUsage(value: unknown, texts: string[]): TokenUsage {
  const reported = (value as { prompt_tokens?: unknown } | null)?.prompt_tokens;
  if (typeof reported === "number" && reported >= 0) return { inputTokens: reported, outputTokens: 0, estimated: false };
  return { inputTokens: texts.reduce((sum, text) => sum + countTextTokens(text), 0), outputTokens: 0, estimated: true };
}
