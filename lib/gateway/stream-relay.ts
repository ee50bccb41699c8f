import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { LlmError } from "@/lib/llm/types";
import type { AttemptTimer } from "./upstream";

/**
 * Relays a streamed chat completion from the upstream to the client event by event. Each event is parsed
 * once to set `model` to the name the client used, to take the usage from the last chunk, to note the time
 * to first token and to collect the completion text, then serialised once. The usage-only chunk that the
 * gateway always requests is dropped again when the client did not request it.
 */

export type StreamUsage = { inputTokens: number; outputTokens: number };

export type RelayResult = {
  ok: boolean;
  /** Completion text of choice 0 received so far. */
  text: string;
  finishReason: string | null;
  usage: StreamUsage | null;
  /** Milliseconds from the request's start to the first content or tool-call delta. */
  ttftMs: number | null;
  /** True once any byte reached the client; from then on the attempt cannot be retried. */
  started: boolean;
  /** The whole completion as a `chat.completion` body, for the cache; null for tool calls or several choices. */
  completion: Record<string, unknown> | null;
  error: LlmError | null;
};

export type RelayOptions = {
  /** The name the client put in `model`, written into every chunk. */
  model: string;
  includeUsage: boolean;
  /** performance.now() at the start of the request, for the TTFT. */
  startedAt: number;
  headers: Record<string, string>;
};

type Collected = {
  id: unknown;
  created: unknown;
  systemFingerprint: unknown;
  text: string;
  extraChoices: boolean;
  toolCalls: boolean;
};

/** Splits decoded text into SSE events (WHATWG event-stream lines: \n, \r\n or \r, blank line ends an event). */
class EventSplitter {
  private buffer = "";
  private data: string[] = [];

  push(text: string, ended: boolean, onEvent: (data: string) => void): void {
    this.buffer += text;
    let start = 0;
    const buffer = this.buffer;
    for (let index = 0; index < buffer.length; index++) {
      const char = buffer.charCodeAt(index);
      if (char !== 10 && char !== 13) continue;
      // A \r at the end may be the first half of \r\n; keep it until the next chunk shows.
      if (char === 13 && index + 1 === buffer.length && !ended) break;
      this.line(buffer.slice(start, index), onEvent);
      if (char === 13 && buffer.charCodeAt(index + 1) === 10) index++;
      start = index + 1;
    }
    this.buffer = buffer.slice(start);
    if (ended) {
      if (this.buffer) this.line(this.buffer, onEvent);
      this.buffer = "";
      this.line("", onEvent);
    }
  }

  private line(line: string, onEvent: (data: string) => void): void {
    if (line === "") {
      if (this.data.length > 0) onEvent(this.data.length === 1 ? this.data[0]! : this.data.join("\n"));
      this.data = [];
      return;
    }
    if (line.charCodeAt(0) === 58) return;
    if (line.startsWith("data:")) this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
  }
}

function usageOf(value: unknown): StreamUsage | null {
  if (!value || typeof value !== "object") return null;
  const { prompt_tokens: input, completion_tokens: output } = value as Record<string, unknown>;
  if (typeof input !== "number" || typeof output !== "number") return null;
  return { inputTokens: input, outputTokens: output };
}

/** Builds the error event a client receives when the stream breaks after it started. */
export function streamErrorEvent(error: LlmError): string {
  const code = error.kind === "stream_cut" ? "stream_cut" : error.kind;
  return `data: ${JSON.stringify({ error: { message: `${error.message}. The completion is incomplete; send the request again.`, type: "server_error", param: null, code } })}\n\n`;
}

/**
 * Pipes the upstream's SSE body to the client. Resolves (never rejects) when the stream ends, breaks or
 * is cancelled. When it breaks before any byte reached the client, nothing is written, so the caller may
 * retry another attempt. Once bytes were sent, a break sends the client an error event and ends the response.
 */
export function relayStream(incoming: Readable, res: ServerResponse, timer: AttemptTimer, options: RelayOptions): Promise<RelayResult> {
  const result: RelayResult = { ok: false, text: "", finishReason: null, usage: null, ttftMs: null, started: false, completion: null, error: null };
  const collected: Collected = { id: undefined, created: undefined, systemFingerprint: undefined, text: "", extraChoices: false, toolCalls: false };
  const decoder = new StringDecoder("utf8");
  const splitter = new EventSplitter();
  let sawDone = false;
  let failure: LlmError | null = null;
  let output = "";

  const onEvent = (data: string) => {
    if (failure) return;
    if (data === "[DONE]") {
      sawDone = true;
      output += "data: [DONE]\n\n";
      return;
    }

    let chunk: Record<string, unknown>;
    try {
      chunk = JSON.parse(data) as Record<string, unknown>;
    } catch {
      failure = new LlmError("malformed_response", `A stream event from the provider is not valid JSON: ${data.slice(0, 120)}`, { partialText: result.text });
      return;
    }
    if (!chunk || typeof chunk !== "object") return;
    if (chunk.error) {
      const message = typeof chunk.error === "object" && typeof (chunk.error as { message?: unknown }).message === "string" ? (chunk.error as { message: string }).message : JSON.stringify(chunk.error);
      failure = new LlmError("upstream_status", `The provider reported an error mid-stream: ${message.slice(0, 500)}`, { httpStatus: 200, providerMessage: message.slice(0, 500) });
      return;
    }

    noteChunk(chunk, result, collected, options.startedAt);
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage;
    if (usageOnly && !options.includeUsage) return;
    if (!options.includeUsage) delete chunk.usage;
    chunk.model = options.model;
    output += `data: ${JSON.stringify(chunk)}\n\n`;
  };

  const flush = (): boolean => {
    if (!output) return true;
    if (!result.started) {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", ...options.headers });
      result.started = true;
    }
    const text = output;
    output = "";
    return res.write(text);
  };

  return new Promise<RelayResult>((resolve) => {
    let settled = false;
    const finish = (error: LlmError | null) => {
      if (settled) return;
      settled = true;
      incoming.removeAllListeners("data");
      res.off("drain", onDrain);
      result.error = error;
      result.ok = error === null;
      if (error) {
        incoming.destroy();
        if (result.started && !res.destroyed && error.kind !== "cancelled") res.end(streamErrorEvent(error));
      } else {
        if (output) flush();
        res.end();
        result.completion = assembleCompletion(result, collected, options.model);
      }
      resolve(result);
    };
    const onDrain = () => incoming.resume();

    incoming.on("data", (chunk: Buffer) => {
      timer.touch();
      splitter.push(decoder.write(chunk), false, onEvent);
      if (failure) return finish(failure);
      if (!flush()) {
        incoming.pause();
        res.once("drain", onDrain);
      }
    });
    incoming.on("end", () => {
      splitter.push(decoder.end(), true, onEvent);
      if (failure) return finish(failure);
      if (!sawDone && result.finishReason === null) {
        return finish(new LlmError("stream_cut", "The provider's stream ended before the completion was finished (no finish_reason and no [DONE])", { partialText: result.text }));
      }
      finish(null);
    });
    incoming.on("error", (error) => {
      if (timer.cause) return finish(timer.toError(error, result.text));
      finish(new LlmError("stream_cut", `The provider's stream broke off before the completion was finished (${error.message})`, { partialText: result.text }));
    });
    timer.signal.addEventListener("abort", () => finish(timer.toError(timer.signal.reason, result.text)), { once: true });
  });
}

function noteChunk(chunk: Record<string, unknown>, result: RelayResult, collected: Collected, startedAt: number): void {
  collected.id ??= chunk.id;
  collected.created ??= chunk.created;
  collected.systemFingerprint ??= chunk.system_fingerprint;
  result.usage = usageOf(chunk.usage) ?? result.usage;

  const choices = chunk.choices;
  if (!Array.isArray(choices)) return;
  for (const choice of choices as Array<{ index?: unknown; delta?: { content?: unknown; tool_calls?: unknown }; finish_reason?: unknown }>) {
    const index = typeof choice.index === "number" ? choice.index : 0;
    if (index !== 0) collected.extraChoices = true;
    const content = choice.delta?.content;
    const hasToolCalls = Array.isArray(choice.delta?.tool_calls) && choice.delta.tool_calls.length > 0;
    if (hasToolCalls) collected.toolCalls = true;
    if ((typeof content === "string" && content !== "") || hasToolCalls) result.ttftMs ??= Math.round(performance.now() - startedAt);
    if (index === 0 && typeof content === "string") result.text += content;
    if (index === 0 && typeof choice.finish_reason === "string") result.finishReason = choice.finish_reason;
  }
}

/** Builds the `chat.completion` body the stream amounts to, for the cache; null when it cannot be replayed. */
function assembleCompletion(result: RelayResult, collected: Collected, model: string): Record<string, unknown> | null {
  if (collected.extraChoices || collected.toolCalls || !result.usage) return null;
  return {
    id: collected.id ?? null,
    object: "chat.completion",
    created: collected.created ?? Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: result.text, refusal: null }, logprobs: null, finish_reason: result.finishReason ?? "stop" }],
    usage: { prompt_tokens: result.usage.inputTokens, completion_tokens: result.usage.outputTokens, total_tokens: result.usage.inputTokens + result.usage.outputTokens },
    system_fingerprint: collected.systemFingerprint ?? null,
  };
}

/** Replays a cached completion as the SSE chunks a live stream would send, ending with [DONE]. */
export function replayAsEvents(body: Record<string, unknown>, includeUsage: boolean): string {
  const base = { id: body.id, object: "chat.completion.chunk", created: body.created, model: body.model, system_fingerprint: body.system_fingerprint ?? null };
  const choices = Array.isArray(body.choices) ? (body.choices as Array<{ index?: number; message?: Record<string, unknown>; finish_reason?: unknown }>) : [];
  let text = "";
  const event = (value: Record<string, unknown>) => {
    text += `data: ${JSON.stringify(value)}\n\n`;
  };

  for (const choice of choices) {
    const index = choice.index ?? 0;
    const message = choice.message ?? {};
    event({ ...base, choices: [{ index, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }] });
    const delta: Record<string, unknown> = {};
    if (typeof message.content === "string" && message.content !== "") delta.content = message.content;
    if (Array.isArray(message.tool_calls)) delta.tool_calls = message.tool_calls.map((call, callIndex) => ({ index: callIndex, ...(call as object) }));
    if (Object.keys(delta).length > 0) event({ ...base, choices: [{ index, delta, logprobs: null, finish_reason: null }] });
    event({ ...base, choices: [{ index, delta: {}, logprobs: null, finish_reason: choice.finish_reason ?? "stop" }] });
  }
  if (includeUsage && body.usage) event({ ...base, choices: [], usage: body.usage });
  return `${text}data: [DONE]\n\n`;
}
