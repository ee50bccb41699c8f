import { guardedFetch, type GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { startCallTimer, touchOnChunk, type CallTimer } from "./call-timer";
import { costOf } from "./cost";
import { statusError, toLlmError } from "./errors";
import { countChatTokens, countTextTokens } from "./estimate";
import { emptyProgress, MAX_RESPONSE_BYTES, parseCompletionBody, readBoundedText, readCompletionStream, type CompletionProgress } from "./read-completion";
import { LlmError, type ChatMessage, type ChatRequest, type ChatResult, type ModelTarget, type TokenUsage } from "./types";

/**
 * The OpenAI-compatible Chat Completions client every caller uses (playground, experiments). Requests go
 * through guardedFetch with the target's address policy, and every failure becomes an LlmError whose
 * details keep the partial text, the usage so far and the timings.
 */

/** Largest error body read from a failed response, in bytes; only its message is kept. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export type ChatCallOptions = {
  /** Aborts the call, for example when the user presses Stop; the error's kind is then "cancelled". */
  signal?: AbortSignal;
  /** Streams the answer when given, calling it with every piece of content as it arrives. */
  onDelta?: (text: string) => void;
};

function requestHeaders(apiKey: string | null): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

function hasImages(messages: ChatMessage[]): boolean {
  return messages.some((message) => Array.isArray(message.content) && message.content.some((part) => part.type === "image_url"));
}

/** Rejects input the model cannot take before anything is sent, so the provider is never billed for it. */
export function assertSupportedInput(target: ModelTarget, request: ChatRequest) {
  if (hasImages(request.messages) && !target.capabilities.includes("vision")) {
    throw new LlmError("unsupported_input", `${target.displayName || target.model} does not accept images; choose a model with the vision capability or remove the images`);
  }
}

function requestBody(target: ModelTarget, request: ChatRequest, stream: boolean): string {
  const { stop, ...params } = request.params;
  return JSON.stringify({
    model: target.model,
    messages: request.messages,
    ...params,
    ...(stop && stop.length > 0 && { stop }),
    ...(stream && { stream: true, stream_options: { include_usage: true } }),
  });
}

/** Provider-reported usage, or Luodi's own count (marked estimated) when the provider sent none. */
function finalUsage(request: ChatRequest, progress: CompletionProgress): TokenUsage {
  if (progress.usage) return { ...progress.usage, estimated: false };
  return { inputTokens: countChatTokens(request.messages), outputTokens: countTextTokens(progress.text), estimated: true };
}

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, estimated: false };

/**
 * Calls refused before sending, never connected, or rejected with an error status used no tokens. Any other
 * failure (timeout, cut stream, cancel, malformed answer) may have been billed for the prompt and the text
 * generated so far, so those are counted.
 */
function mayHaveBeenBilled(error: LlmError): boolean {
  if (["unsupported_input", "blocked_address", "rate_limited", "network"].includes(error.kind)) return false;
  return !(error.kind === "upstream_status" && (error.details.httpStatus ?? 0) >= 400);
}

/** Adds what the call got before failing (partial text, usage, timings) to the error's details. */
function withProgress(error: LlmError, request: ChatRequest, progress: CompletionProgress, startedAt: number): LlmError {
  const partialText = error.details.partialText ?? progress.text;
  return new LlmError(error.kind, error.message, {
    ...error.details,
    ...(partialText && { partialText }),
    usage: error.details.usage ?? (mayHaveBeenBilled(error) ? finalUsage(request, { ...progress, text: partialText }) : NO_USAGE),
    latencyMs: Math.round(performance.now() - startedAt),
    ttftMs: progress.ttftMs,
  });
}

/**
 * Sends one chat completion. Streams when `options.onDelta` is given, asking for usage in the last chunk.
 * Throws LlmError: unsupported_input (images for a model without vision) and blocked_address before
 * sending; rate_limited, upstream_status, timeout, network, malformed_response, stream_cut or cancelled after.
 */
export async function chatCompletion(target: ModelTarget, request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResult> {
  const startedAt = performance.now();
  const progress = emptyProgress();
  const stream = options.onDelta !== undefined;
  const timer = startCallTimer(target.timeoutMs, options.signal);

  try {
    assertSupportedInput(target, request);
    const response = await guardedFetch(
      `${target.baseUrl}/chat/completions`,
      { method: "POST", headers: requestHeaders(target.apiKey), body: requestBody(target, request, stream), signal: timer.signal },
      target.policy,
    );
    timer.touch();
    await readResponse(response, timer, progress, startedAt, options.onDelta);

    const usage = finalUsage(request, progress);
    const cost = costOf(target.prices, usage);
    return {
      text: progress.text,
      finishReason: progress.finishReason,
      usage,
      ttftMs: stream ? progress.ttftMs : null,
      latencyMs: Math.round(performance.now() - startedAt),
      cost,
      currency: cost === null ? null : target.prices.currency,
      httpStatus: response.status,
    };
  } catch (error) {
    const failure = toLlmError(error, timer.cause(), { timeoutMs: target.timeoutMs, partialText: progress.text });
    throw withProgress(failure, request, progress, startedAt);
  } finally {
    timer.dispose();
  }
}

async function readResponse(response: Response, timer: CallTimer, progress: CompletionProgress, startedAt: number, onDelta?: (text: string) => void) {
  const body = response.body ? touchOnChunk(response.body, timer) : null;
  if (!response.ok) throw statusError(response.status, response.headers, await readBoundedText(body, MAX_ERROR_BODY_BYTES));

  const isEventStream = (response.headers.get("content-type") ?? "").includes("text/event-stream");
  if (onDelta && isEventStream && body) {
    try {
      await readCompletionStream(body, progress, startedAt, onDelta);
    } catch (error) {
      // A connection that drops mid-stream surfaces as a bare read error; what was received is kept.
      if (error instanceof LlmError || timer.cause()) throw error;
      throw new LlmError("stream_cut", `The stream broke off before the answer was complete (${error instanceof Error ? error.message : String(error)})`, {
        partialText: progress.text,
      });
    }
    return;
  }

  let text: string;
  try {
    text = await readBoundedText(body, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof LlmError || timer.cause()) throw error;
    throw new LlmError("stream_cut", `The connection closed before the whole response arrived (${error instanceof Error ? error.message : String(error)})`);
  }

  // Some servers ignore `stream: true` and answer with one JSON body; the caller still gets the text.
  Object.assign(progress, parseCompletionBody(text));
  if (onDelta && progress.text) onDelta(progress.text);
}


