import { readServerSentEvents } from "./sse";
import { LlmError } from "./types";

/** Text, finish reason, usage and TTFT that a completion response yielded before it ended or failed. */
export type CompletionProgress = {
  text: string;
  finishReason: string | null;
  /** Provider-reported counts; null when the response had none. */
  usage: { inputTokens: number; outputTokens: number } | null;
  /** Milliseconds from the start of the call to the first non-empty content delta. */
  ttftMs: number | null;
};

export const emptyProgress = (): CompletionProgress => ({ text: "", finishReason: null, usage: null, ttftMs: null });

/** Largest response body read, in bytes; a completion is text, so anything bigger is a broken server. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Reads a body as UTF-8 text, failing past `maxBytes` instead of buffering an endless response. */
export async function readBoundedText(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return "";
  const decoder = new TextDecoder("utf-8");
  const reader = body.getReader();
  let text = "";
  let size = 0;

  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new LlmError("malformed_response", `The response body is larger than ${maxBytes} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
}

function malformed(message: string, progress: CompletionProgress): LlmError {
  return new LlmError("malformed_response", message, progress.text ? { partialText: progress.text } : {});
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/** Reads OpenAI's `usage` object; null when it is missing or its counts are not non-negative numbers. */
function usageOf(value: unknown): CompletionProgress["usage"] {
  if (!value || typeof value !== "object") return null;
  const { prompt_tokens: input, completion_tokens: output } = value as Record<string, unknown>;
  if (typeof input !== "number" || typeof output !== "number" || input < 0 || output < 0) return null;
  return { inputTokens: Math.round(input), outputTokens: Math.round(output) };
}

/** Reads the error object some providers send with status 200, in a body or in a stream event. */
function embeddedError(value: Record<string, unknown>, progress: CompletionProgress): LlmError | null {
  if (!value.error) return null;
  const error = value.error as { message?: unknown } | string;
  const message = (typeof error === "string" ? error : typeof error.message === "string" ? error.message : JSON.stringify(error)).slice(0, 500);
  return new LlmError("upstream_status", `The provider reported an error: ${message}`, {
    httpStatus: 200,
    providerMessage: message,
    ...(progress.text && { partialText: progress.text }),
  });
}

function parseObject(text: string, what: string, progress: CompletionProgress): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(`${what} is not valid JSON: ${snippet(text) || "(empty)"}`, progress);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw malformed(`${what} is not a JSON object: ${snippet(text)}`, progress);
  return value as Record<string, unknown>;
}

/** Parses a non-streamed `chat.completion` body. */
export function parseCompletionBody(bodyText: string): CompletionProgress {
  const progress = emptyProgress();
  const body = parseObject(bodyText, "The response body", progress);
  const providerError = embeddedError(body, progress);
  if (providerError) throw providerError;

  const choices = body.choices;
  if (!Array.isArray(choices) || choices.length === 0) throw malformed("The response has no choices[0]", progress);
  const choice = choices[0] as { message?: { content?: unknown }; finish_reason?: unknown } | null;
  if (!choice || typeof choice !== "object" || !choice.message || typeof choice.message !== "object") {
    throw malformed("choices[0] has no message object", progress);
  }

  const content = choice.message.content;
  if (content !== null && content !== undefined && typeof content !== "string") throw malformed("choices[0].message.content is not a string", progress);

  progress.text = content ?? "";
  progress.finishReason = typeof choice.finish_reason === "string" ? choice.finish_reason : null;
  progress.usage = usageOf(body.usage);
  return progress;
}

/**
 * Reads a streamed completion (`chat.completion.chunk` events) into `progress`, calling onDelta for every
 * piece of content. A stream that ends without [DONE] or a finish_reason raises stream_cut with the text so
 * far. The caller keeps `progress`, so the partial text survives any other failure too.
 */
export async function readCompletionStream(
  body: ReadableStream<Uint8Array>,
  progress: CompletionProgress,
  startedAt: number,
  onDelta: (text: string) => void,
): Promise<void> {
  let sawDone = false;

  for await (const event of readServerSentEvents(body)) {
    if (event.data.trim() === "[DONE]") {
      sawDone = true;
      break;
    }

    const chunk = parseObject(event.data, "A stream event", progress);
    const providerError = embeddedError(chunk, progress);
    if (providerError) throw providerError;

    const choice = Array.isArray(chunk.choices) ? (chunk.choices[0] as { delta?: { content?: unknown }; finish_reason?: unknown } | undefined) : undefined;
    const delta = choice?.delta?.content;
    if (typeof delta === "string" && delta !== "") {
      progress.ttftMs ??= Math.round(performance.now() - startedAt);
      progress.text += delta;
      onDelta(delta);
    }
    if (typeof choice?.finish_reason === "string") progress.finishReason = choice.finish_reason;
    progress.usage = usageOf(chunk.usage) ?? progress.usage;
  }

  if (!sawDone && progress.finishReason === null) {
    throw new LlmError("stream_cut", "The stream ended before the answer was complete (no finish_reason and no [DONE])", { partialText: progress.text });
  }
}
