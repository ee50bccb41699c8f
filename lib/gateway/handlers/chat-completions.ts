import { LlmError, type TokenUsage } from "@/lib/llm/types";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { RouteContext } from "../app";
import { authenticate } from "../auth";
import { parseJsonObject, readBody } from "../body";
import { clientBypassesCache, responseCacheKey } from "../cache-key";
import type { CachedCompletion, KeyPolicy } from "../contracts";
import type { CacheStatus } from "../metrics";
import { isPromptModel } from "../prompt-model";
import { GatewayError, sendJsonText, sendOpenAiError } from "../respond";
import type { AttemptOutcome } from "../router";
import { relayStream, replayAsEvents, type RelayResult } from "../stream-relay";
import { openUpstream, parseUpstreamJson, readUpstreamBody, upstreamStatusError } from "../upstream";
import type { UpstreamResponse } from "@/lib/net/guarded-upstream";
import { validateChatBody, type ChatRequestInfo } from "../validate";
import { admitKey, checkImageUrls } from "./admission";
import { resolveChatRoute, type ChatRoute } from "./chat-route";
import { estimateChatUsage, NO_USAGE, reportedUsage, runOutcome, type MeterContext } from "./metering";
import { logRejection, meterRequest } from "./meter-request";
import { cancelOnDisconnect, failedOutcome, requireConfig, runDeployment, upstreamFailureError, type UpstreamRun } from "./routing";

/**
 * POST /v1/chat/completions: authenticate, validate, route (deployment or prompt address), admit against
 * the key's limits, serve from the cache or call the upstream with retries and fallbacks, relay the
 * answer, and meter it. The happy path makes no database query: keys, deployments and targets come from
 * the config snapshot, and the limiter, cache and log sink batch their own writes.
 */

type ChatValue = { kind: "stream"; relay: RelayResult } | { kind: "json"; json: Record<string, unknown> };

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" };

export async function handleChatCompletions(context: RouteContext): Promise<void> {
  const { req, deps } = context;
  await requireConfig(deps);
  const key = await authenticate(req, deps.config);

  const meter: MeterContext = { key, requestId: context.requestId, route: "", deploymentId: null, promptVersionId: null, stream: false, messages: [] };
  try {
    const body = parseJsonObject(await readBody(req, deps.settings.maxBodyBytes));
    const requested = typeof body.model === "string" ? body.model : "";
    Object.assign(meter, { route: requested, stream: body.stream === true, messages: Array.isArray(body.messages) ? body.messages : [] });

    const info = validateChatBody(body, { maxN: deps.settings.maxN, messagesOptional: isPromptModel(requested) });
    context.stats.stream = info.stream;
    const route = await resolveChatRoute(deps, key, info.model, body);
    Object.assign(meter, { route: route.name, deploymentId: route.deploymentId, promptVersionId: route.promptVersionId, messages: route.body.messages });
    context.stats.deployment = route.name;

    await admitKey(deps, key);
    await checkImageUrls(deps, key, info.imageUrls);
    await serveChat(context, key, info, route, meter);
  } catch (error) {
    if (error instanceof GatewayError) logRejection(context, meter, error);
    throw error;
  }
}

async function serveChat(context: RouteContext, key: KeyPolicy, info: ChatRequestInfo, route: ChatRoute, meter: MeterContext): Promise<void> {
  const { req, deps } = context;
  let cacheStatus: CacheStatus = "off";
  let cacheKey: string | null = null;

  if (route.cacheTtlSeconds > 0 && key.cacheEnabled) {
    if (clientBypassesCache(req)) {
      cacheStatus = "bypass";
    } else {
      cacheStatus = "miss";
      cacheKey = responseCacheKey(key, route.name, route.body);
      const hit = await readCache(context, cacheKey);
      if (hit) {
        context.stats.cache = "hit";
        serveCacheHit(context, info, meter, hit);
        return;
      }
    }
  }
  context.stats.cache = cacheStatus;

  const signal = cancelOnDisconnect(context.res);
  const forward: Record<string, unknown> = { ...route.body };
  if (info.stream) {
    const options = forward.stream_options && typeof forward.stream_options === "object" ? (forward.stream_options as Record<string, unknown>) : {};
    forward.stream_options = { ...options, include_usage: true };
  }

  // The relay of the latest attempt, kept so a stream cut after its start is still metered.
  let lastRelay: RelayResult | null = null;
  const run = await runDeployment<ChatValue>(deps, route.deployment, "chat", signal, async (target, timer): Promise<AttemptOutcome<ChatValue>> => {
    lastRelay = null;
    forward.model = target.model;
    const incoming = await openUpstream(target, "/chat/completions", JSON.stringify(forward), timer, info.stream);
    if ((incoming.statusCode ?? 502) >= 400) return failedOutcome(await upstreamStatusError(incoming, timer));

    if (info.stream && isEventStream(incoming)) {
      const relay = await relayStream(incoming.body, context.res, timer, {
        model: info.model,
        includeUsage: info.includeUsage,
        startedAt: context.startedAt,
        headers: { "x-luodi-cache": cacheStatus },
      });
      lastRelay = relay;
      if (relay.ok) return { ok: true, value: { kind: "stream", relay } };
      return failedOutcome(relay.error!, { final: relay.started });
    }

    const text = (await readUpstreamBody(incoming.body, timer)).toString("utf8");
    const json = parseUpstreamJson(text);
    if (json instanceof LlmError) return failedOutcome(json);
    return { ok: true, value: { kind: "json", json } };
  });

  finishChat(context, key, info, meter, run, lastRelay, cacheStatus, cacheKey, route.cacheTtlSeconds);
}

function finishChat(
  context: RouteContext,
  key: KeyPolicy,
  info: ChatRequestInfo,
  meter: MeterContext,
  run: UpstreamRun<ChatValue>,
  lastRelay: RelayResult | null,
  cacheStatus: CacheStatus,
  cacheKey: string | null,
  cacheTtlSeconds: number,
): void {
  const { res, deps } = context;
  const latencyMs = performance.now() - context.startedAt;

  if (!run.ok) {
    const error = run.last.error instanceof LlmError ? run.last.error : new LlmError("network", toSafeErrorText(run.last.error));
    const relay = lastRelay as RelayResult | null;
    const partial = relay?.started ? relay : null;
    let usage: TokenUsage = NO_USAGE;
    if (partial) usage = partial.usage ? reportedStreamUsage(partial.usage) : estimateChatUsage(meter.messages, partial.text);
    const cancelled = error.kind === "cancelled";
    const clientError = cancelled || partial ? null : upstreamFailureError(error, meter.route);

    meterRequest(context, key, meter, runOutcome(run, {
      status: cancelled ? "cancelled" : "error",
      httpStatus: clientError?.status ?? (partial ? 200 : error.details.httpStatus ?? null),
      errorCode: error.kind,
      errorMessage: error.message,
      usage,
      ttftMs: partial?.ttftMs ?? null,
      latencyMs,
      answer: partial?.text ?? null,
    }));
    // Sent here rather than thrown, because the dispatcher's rejection log would log the request twice.
    if (clientError) sendOpenAiError(res, clientError.status, clientError.error, clientError.headers);
    else if (!res.writableEnded) res.destroy();
    return;
  }

  const value = run.value;
  if (value.kind === "stream") {
    const relay = value.relay;
    const usage: TokenUsage = relay.usage ? reportedStreamUsage(relay.usage) : estimateChatUsage(meter.messages, relay.text);
    meterRequest(context, key, meter, runOutcome(run, { status: "ok", httpStatus: 200, errorCode: null, errorMessage: null, usage, ttftMs: relay.ttftMs, latencyMs, answer: relay.text }));
    if (cacheKey && relay.completion) deps.cache.set(cacheKey, { body: relay.completion, createdAt: Date.now(), modelId: run.target?.modelId }, cacheTtlSeconds);
    return;
  }

  const json = value.json;
  json.model = info.model;
  const answer = answerOf(json);
  const usage = reportedUsage(json.usage) ?? estimateChatUsage(meter.messages, answer);
  if (info.stream) {
    // The upstream ignored `stream: true` and sent one JSON body, so it is replayed as a stream.
    res.writeHead(200, { ...SSE_HEADERS, "x-luodi-cache": cacheStatus });
    res.end(replayAsEvents(json, info.includeUsage));
  } else {
    sendJsonText(res, 200, JSON.stringify(json), { "x-luodi-cache": cacheStatus });
  }
  const ttftMs = info.stream ? latencyMs : null;
  meterRequest(context, key, meter, runOutcome(run, { status: "ok", httpStatus: 200, errorCode: null, errorMessage: null, usage, ttftMs, latencyMs, answer }));
  if (cacheKey && Array.isArray(json.choices)) deps.cache.set(cacheKey, { body: json, createdAt: Date.now(), modelId: run.target?.modelId }, cacheTtlSeconds);
}

async function readCache(context: RouteContext, cacheKey: string): Promise<CachedCompletion | null> {
  try {
    return await context.deps.cache.get(cacheKey);
  } catch (error) {
    context.log.warn({ error: toSafeErrorText(error) }, "gateway.cache_read_failed");
    return null;
  }
}

function serveCacheHit(context: RouteContext, info: ChatRequestInfo, meter: MeterContext, hit: CachedCompletion): void {
  const { res } = context;
  const body: Record<string, unknown> = { ...hit.body, model: info.model };
  if (info.stream) {
    res.writeHead(200, { ...SSE_HEADERS, "x-luodi-cache": "hit" });
    res.end(replayAsEvents(body, info.includeUsage));
  } else {
    sendJsonText(res, 200, JSON.stringify(body), { "x-luodi-cache": "hit" });
  }

  const latencyMs = performance.now() - context.startedAt;
  const usage = reportedUsage(body.usage) ?? NO_USAGE;
  // The target is only for the log's model columns: a hit costs nothing, which buildLogEntry knows.
  const target = hit.modelId ? (context.deps.config.snapshot().targets.get(hit.modelId) ?? null) : null;
  meterRequest(context, meter.key, meter, {
    target,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    errorMessage: null,
    usage,
    ttftMs: info.stream ? latencyMs : null,
    latencyMs,
    cacheHit: true,
    attempts: 0,
    fallbackUsed: false,
    canary: false,
    answer: answerOf(body),
  });
}

/** Returns the usage a stream reported, marked as reported by the provider. */
function reportedStreamUsage(usage: { inputTokens: number; outputTokens: number }): TokenUsage {
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, estimated: false };
}

function isEventStream(incoming: UpstreamResponse): boolean {
  return (incoming.headers["content-type"] ?? "").includes("text/event-stream");
}

function answerOf(json: Record<string, unknown>): string {
  const choices = json.choices;
  if (!Array.isArray(choices) || choices.length === 0) return "";
  const content = (choices[0] as { message?: { content?: unknown } })?.message?.content;
  return typeof content === "string" ? content : "";
}
