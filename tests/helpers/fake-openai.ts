import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { countTokens, decode, encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ChatMessage } from "@/lib/llm/types";

/**
 * A loopback OpenAI-compatible server for tests: the only stand-in for remote model providers.
 *
 * It speaks the Chat Completions wire format (`chat.completion`, `chat.completion.chunk` over SSE ending in
 * `data: [DONE]`, usage in the last chunk when `stream_options.include_usage` is set), the models list and
 * embeddings, and OpenAI's error bodies `{ error: { message, type, param, code } }`.
 *
 * The model name picks the behaviour, so one server serves every case:
 * - `fail-429…`: 429 with `Retry-After: 2`.
 * - `fail-500…`: 500 with a server_error body.
 * - `flaky-500…`: alternates per model name, starting with a 500: the 1st, 3rd, 5th… request fails.
 * - `hang…`: accepts the request and never answers (the client's timeout must fire).
 * - `malformed…`: 200 with a body that is not JSON, or a stream whose second event is not JSON.
 * - `cut…`: a stream that stops after half the answer without a finish_reason or [DONE]; non-streamed, the
 *   connection is reset halfway through the body. `cut-reset…` resets the connection mid-stream instead.
 * - `split-utf8…`: streams "你好世界" with every event split inside a multi-byte character.
 * - `no-usage…`: answers without any `usage` field.
 * - `no-json-mode…`: 400 to any request with `response_format`, as providers without structured output do.
 * - anything else answers normally with `reply`, or echoes the last user message. A `vision-` prefix is only
 *   a name. In JSON mode (response_format json_object or json_schema) the echo is a JSON object, built to
 *   match the schema where the schema is simple.
 *
 * `max_tokens` truncates the answer (finish_reason "length") and `stop` sequences end it early, as upstream.
 * With `models`, other names get a 404 model_not_found; without it every name is served.
 *
 * `POST /v1/audio/transcriptions` reads a multipart/form-data body with `file` and `model` parts, as OpenAI
 * does, and responds in `response_format` json (default), text, verbose_json, srt or vtt. The transcript is
 * `transcript(...)` or "Transcript of <file name>". The fail-429, fail-500, flaky-500 and hang model
 * prefixes work there too, and the request is recorded with the parsed fields in place of the raw body.
 * With `apiKey`, a request whose bearer token differs gets a 401 invalid_api_key.
 */

export type FakeOpenAiRequest = { path: string; body: unknown; headers: Record<string, string> };

export type FakeOpenAiOptions = {
  models?: string[];
  reply?: (request: { model: string; messages: ChatMessage[]; body: Record<string, unknown> }) => string;
  apiKey?: string;
  /** Text of a transcription; "Transcript of <file name>" when unset. */
  transcript?: (request: { model: string; filename: string; bytes: Buffer }) => string;
  /** Milliseconds between stream events; 20 by default so time to first token is measurable. */
  chunkDelayMs?: number;
};

export type FakeOpenAi = {
  /** Base URL ending in /v1, for example http://127.0.0.1:41234/v1. */
  url: string;
  requests: FakeOpenAiRequest[];
  close(): Promise<void>;
};

const RETRY_AFTER_SECONDS = 2;
const SPLIT_UTF8_TEXT = "你好世界";
const EMBEDDING_DIMENSIONS = 16;

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const requests: FakeOpenAiRequest[] = [];
  const flakyCalls = new Map<string, number>();
  const sockets = new Set<Socket>();
  const delayMs = options.chunkDelayMs ?? 20;

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, String(error), "server_error", null);
      else response.destroy();
    });
  });
  server.on("connection", (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const rawBytes = await readBodyBytes(request);
    if (request.method === "POST" && url.pathname === "/v1/audio/transcriptions") return transcriptions(request, rawBytes, response);
    const rawBody = rawBytes.toString("utf8");
    const body = parseJson(rawBody);
    requests.push({ path: url.pathname, body: body ?? rawBody, headers: flattenHeaders(request.headers) });

    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(response, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }

    if (request.method === "GET" && url.pathname === "/v1/models") return sendModels(response);
    if (request.method === "POST" && url.pathname === "/v1/chat/completions") return chatCompletions(body, rawBody, response);
    if (request.method === "POST" && url.pathname === "/v1/embeddings") return embeddings(body, response);
    return sendError(response, 404, `Unknown request URL: ${request.method} ${url.pathname}.`, "invalid_request_error", "unknown_url");
  }

  async function transcriptions(request: http.IncomingMessage, rawBytes: Buffer, response: http.ServerResponse) {
    const form = parseMultipart(request.headers["content-type"] ?? "", rawBytes);
    const file = form?.files.file;
    const model = form?.fields.model ?? "";
    const format = form?.fields.response_format ?? "json";
    const recorded = { model, response_format: format, language: form?.fields.language, filename: file?.filename, fileBytes: file?.bytes.length, fileType: file?.contentType };
    requests.push({ path: "/v1/audio/transcriptions", body: recorded, headers: flattenHeaders(request.headers) });

    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(response, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
    if (!form) return sendError(response, 400, "Could not parse multipart form. Send the request as multipart/form-data.", "invalid_request_error", null);
    if (!file || file.bytes.length === 0) return sendError(response, 400, "Missing required parameter: 'file'.", "invalid_request_error", null, "file");
    if (!model) return sendError(response, 400, "you must provide a model parameter", "invalid_request_error", null, "model");
    if (options.models && !options.models.includes(model)) {
      return sendError(response, 404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
    }
    if (!["json", "text", "verbose_json", "srt", "vtt"].includes(format)) {
      return sendError(response, 400, `'${format}' is not one of ['json', 'text', 'srt', 'verbose_json', 'vtt'] - 'response_format'`, "invalid_request_error", null, "response_format");
    }

    if (model.startsWith("fail-429")) {
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      return sendError(response, 429, "Rate limit reached for requests. Please try again in 2s.", "requests", "rate_limit_exceeded");
    }
    if (model.startsWith("fail-500")) return sendError(response, 500, "The server had an error while processing your request.", "server_error", null);
    if (model.startsWith("flaky-500")) {
      const calls = (flakyCalls.get(model) ?? 0) + 1;
      flakyCalls.set(model, calls);
      if (calls % 2 === 1) return sendError(response, 500, "The server had an error while processing your request.", "server_error", null);
    }
    if (model.startsWith("hang")) return;

    const text = options.transcript ? options.transcript({ model, filename: file.filename, bytes: file.bytes }) : `Transcript of ${file.filename}`;
    if (format === "json") return sendJson(response, 200, { text });
    if (format === "verbose_json") {
      return sendJson(response, 200, { task: "transcribe", language: "chinese", duration: 1, text, segments: [{ id: 0, seek: 0, start: 0, end: 1, text }] });
    }
    const subtitles: Record<string, string> = {
      text: `${text}\n`,
      srt: `1\n00:00:00,000 --> 00:00:01,000\n${text}\n\n`,
      vtt: `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${text}\n\n`,
    };
    const body = subtitles[format]!;
    response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    response.end(body);
  }

  function sendModels(response: http.ServerResponse) {
    const names = options.models ?? ["fake-chat", "vision-fake", "fake-embedding"];
    const created = Math.floor(Date.now() / 1000);
    sendJson(response, 200, { object: "list", data: names.map((id) => ({ id, object: "model", created, owned_by: "fake-openai" })) });
  }

  async function chatCompletions(body: Record<string, unknown> | null, rawBody: string, response: http.ServerResponse) {
    if (!body) return sendError(response, 400, `We could not parse the JSON body of your request: ${rawBody.slice(0, 80)}`, "invalid_request_error", null);
    const model = typeof body.model === "string" ? body.model : "";
    if (!model) return sendError(response, 400, "you must provide a model parameter", "invalid_request_error", null);
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return sendError(response, 400, "'messages' must contain at least one message.", "invalid_request_error", null, "messages");
    }
    if (options.models && !options.models.includes(model)) {
      return sendError(response, 404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
    }

    if (model.startsWith("fail-429")) {
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      return sendError(response, 429, "Rate limit reached for requests. Please try again in 2s.", "requests", "rate_limit_exceeded");
    }
    if (model.startsWith("fail-500")) return sendError(response, 500, "The server had an error while processing your request.", "server_error", null);
    if (model.startsWith("flaky-500")) {
      const calls = (flakyCalls.get(model) ?? 0) + 1;
      flakyCalls.set(model, calls);
      if (calls % 2 === 1) return sendError(response, 500, "The server had an error while processing your request.", "server_error", null);
    }
    if (model.startsWith("no-json-mode") && body.response_format !== undefined) {
      return sendError(response, 400, "response_format is not supported by this model", "invalid_request_error", null, "response_format");
    }
    // The socket stays open until the client gives up or close() destroys it.
    if (model.startsWith("hang")) return;

    const messages = body.messages as ChatMessage[];
    const stream = body.stream === true;
    const includeUsage = stream && (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const answer = shapeAnswer(model.startsWith("split-utf8") ? SPLIT_UTF8_TEXT : composeReply(model, messages, body), body);
    const usage = model.startsWith("no-usage") ? undefined : usageOf(messages, answer.text);

    if (!stream) return sendCompletion(response, model, answer, usage);
    await streamCompletion(response, model, answer, includeUsage ? usage : undefined);
  }

  function composeReply(model: string, messages: ChatMessage[], body: Record<string, unknown>): string {
    if (options.reply) return options.reply({ model, messages, body });

    const format = body.response_format as { type?: string; json_schema?: { schema?: Record<string, unknown> } } | undefined;
    const lastUser = [...messages].reverse().find((message) => message.role === "user");
    const text = lastUser ? textOf(lastUser) : "";
    if (format?.type === "json_schema") return JSON.stringify(instanceOf(format.json_schema?.schema ?? {}, text));
    if (format?.type === "json_object") return JSON.stringify({ echo: text });
    return `Echo: ${text}`;
  }

  function sendCompletion(response: http.ServerResponse, model: string, answer: Answer, usage: Usage | undefined) {
    if (model.startsWith("malformed")) {
      response.writeHead(200, { "content-type": "application/json" });
      return response.end('{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis');
    }

    const payload = JSON.stringify({
      id: completionId(),
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: "assistant", content: answer.text, refusal: null }, logprobs: null, finish_reason: answer.finishReason }],
      ...(usage && { usage }),
      system_fingerprint: "fp_fake",
    });

    if (model.startsWith("cut")) {
      // Promise the whole body, send half of it, then reset the connection.
      response.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) });
      response.write(payload.slice(0, Math.floor(payload.length / 2)));
      setTimeout(() => response.destroy(), delayMs);
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(payload);
  }

  async function streamCompletion(response: http.ServerResponse, model: string, answer: Answer, usage: Usage | undefined) {
    response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
    const id = completionId();
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra })}\n\n`;

    const pieces = piecesOf(answer.text);
    const cutAt = model.startsWith("cut") ? Math.max(1, Math.floor(pieces.length / 2)) : pieces.length;
    const send = async (text: string) => {
      await sleep(delayMs);
      if (response.destroyed) return false;
      if (model.startsWith("split-utf8")) await writeSplitInsideCharacter(response, text, delayMs);
      else response.write(text);
      return true;
    };

    // Like OpenAI, the first event carries the role, and a comment line keeps proxies from buffering.
    response.write(": keep-alive\n\n");
    if (!(await send(chunk({ role: "assistant", content: "" }, null)))) return;
    for (const [index, piece] of pieces.slice(0, cutAt).entries()) {
      if (model.startsWith("malformed") && index === 1) {
        await send('data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":\n\n');
        return response.end();
      }
      if (!(await send(chunk({ content: piece }, null)))) return;
    }

    if (model.startsWith("cut-reset")) return response.destroy();
    if (model.startsWith("cut")) return response.end();

    if (!(await send(chunk({}, answer.finishReason)))) return;
    if (usage) {
      await send(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [], usage })}\n\n`);
    }
    await send("data: [DONE]\n\n");
    response.end();
  }

  function embeddings(body: Record<string, unknown> | null, response: http.ServerResponse) {
    const input = body?.input;
    const texts = typeof input === "string" ? [input] : Array.isArray(input) && input.every((item) => typeof item === "string") ? (input as string[]) : null;
    if (!body || typeof body.model !== "string" || !texts || texts.length === 0) {
      return sendError(response, 400, "'input' must be a non-empty string or array of strings, and 'model' is required.", "invalid_request_error", null, "input");
    }
    if (options.models && !options.models.includes(body.model)) {
      return sendError(response, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
    }

    const dimensions = typeof body.dimensions === "number" && body.dimensions > 0 && body.dimensions <= 4096 ? Math.floor(body.dimensions) : EMBEDDING_DIMENSIONS;
    const promptTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
    sendJson(response, 200, {
      object: "list",
      model: body.model,
      data: texts.map((text, index) => ({ object: "embedding", index, embedding: vectorOf(text, dimensions) })),
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging and keep-alive connections would hold close() open, so they are destroyed first.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };
type Answer = { text: string; finishReason: "stop" | "length" };

/** Applies `stop` sequences and `max_tokens` the way upstream servers do. */
function shapeAnswer(text: string, body: Record<string, unknown>): Answer {
  let shaped = text;
  const stops = typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop.filter((item): item is string => typeof item === "string" && item !== "") : [];
  for (const stop of stops) {
    const index = shaped.indexOf(stop);
    if (index >= 0) shaped = shaped.slice(0, index);
  }

  let maxTokens: number | null = null;
  if (typeof body.max_tokens === "number") maxTokens = body.max_tokens;
  else if (typeof body.max_completion_tokens === "number") maxTokens = body.max_completion_tokens;
  if (maxTokens !== null && maxTokens >= 0) {
    const tokens = encode(shaped);
    if (tokens.length > maxTokens) return { text: decode(tokens.slice(0, maxTokens)), finishReason: "length" };
  }
  return { text: shaped, finishReason: "stop" };
}

/** Counts like OpenAI's guide for chat models: content tokens plus 3 per message and 3 to prime the answer. */
function usageOf(messages: ChatMessage[], answer: string): Usage {
  const promptTokens = messages.reduce((sum, message) => sum + 3 + countTokens(textOf(message)), 3);
  const completionTokens = countTokens(answer);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function textOf(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  if (!Array.isArray(message.content)) return "";
  const texts = message.content.filter((part) => part.type === "text").map((part) => (part as { text: string }).text);
  const images = message.content.filter((part) => part.type === "image_url").length;
  return images > 0 ? `${texts.join(" ")} [images: ${images}]` : texts.join(" ");
}

/** Splits the answer into pieces of up to four characters (code points, so no piece ends mid-character). */
function piecesOf(text: string): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let index = 0; index < characters.length; index += 4) pieces.push(characters.slice(index, index + 4).join(""));
  return pieces.length > 0 ? pieces : [""];
}

/** Writes one SSE event in two TCP writes, cut one byte into its first multi-byte character. */
async function writeSplitInsideCharacter(response: http.ServerResponse, event: string, delayMs: number) {
  const bytes = Buffer.from(event, "utf8");
  const firstMultiByte = bytes.findIndex((byte) => byte >= 0xc0);
  if (firstMultiByte < 0) return void response.write(bytes);

  response.write(bytes.subarray(0, firstMultiByte + 1));
  await sleep(Math.max(5, delayMs));
  if (!response.destroyed) response.write(bytes.subarray(firstMultiByte + 1));
}

/** Builds a value that satisfies a simple JSON Schema: every declared property, enums, consts, minimums and primitive types. */
function instanceOf(schema: Record<string, unknown>, text: string): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];

  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const result: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(properties)) result[key] = instanceOf(property, text);
      return result;
    }
    case "array":
      return schema.items && typeof schema.items === "object" ? [instanceOf(schema.items as Record<string, unknown>, text)] : [];
    case "integer":
      return typeof schema.minimum === "number" ? Math.ceil(schema.minimum) : 1;
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return text || "echo";
  }
}

/** Returns a deterministic unit vector per text, so equal texts get equal embeddings. */
function vectorOf(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 2 <= digest.length && values.length < dimensions; offset += 2) values.push(digest.readUInt16BE(offset) / 65535 - 0.5);
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => value / norm);
}

function completionId(): string {
  return `chatcmpl-${createHash("sha1").update(String(Math.random())).digest("hex").slice(0, 24)}`;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function sendError(response: http.ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null) {
  sendJson(response, status, { error: { message, type, param, code } });
}

async function readBodyBytes(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type MultipartForm = { fields: Record<string, string>; files: Record<string, { filename: string; contentType: string; bytes: Buffer }> };

/** Parses a multipart/form-data body; returns null when the content type or the framing is wrong. */
function parseMultipart(contentType: string, body: Buffer): MultipartForm | null {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return null;

  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: {} };
  let start = body.indexOf(delimiter);
  if (start < 0) return null;
  for (;;) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === "--") return form;
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) return null;

    // Each part is CRLF, headers, a blank line, the content, then CRLF before the next delimiter.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) return null;
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /[;\s]name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined && filename !== undefined) {
      form.files[name] = { filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "application/octet-stream", bytes: Buffer.from(content) };
    } else if (name !== undefined) {
      form.fields[name] = content.toString("utf8");
    }
    start = next;
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
