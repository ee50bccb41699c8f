import { invalidRequest } from "./respond";

/**
 * Checks of OpenAI request bodies, written by hand rather than with zod because they run on every request
 * of the hot path. They check what the gateway relies on or must refuse (model, roles, role order, n,
 * image URLs) and leave every other field for the upstream to judge, so new OpenAI fields pass through.
 */

export const CHAT_ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;
const CHAT_ROLE_SET: ReadonlySet<string> = new Set(CHAT_ROLES);

/** Maximum inputs in one embeddings request, as in OpenAI's API. */
const MAX_EMBEDDING_INPUTS = 2048;

/** An http(s) image URL in a message, checked against the address policy before the request is sent. */
export type ImageUrlRef = { url: string; param: string };

export type ChatRequestInfo = {
  model: string;
  stream: boolean;
  /** The client asked for the usage-only chunk at the end of a stream. */
  includeUsage: boolean;
  imageUrls: ImageUrlRef[];
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** Reads `model`: required, a non-empty string. */
export function requireModel(body: Record<string, unknown>): string {
  const model = body.model;
  if (model === undefined || model === null || model === "") {
    throw invalidRequest("The request has no `model`. Set `model` to a deployment name; GET /v1/models lists the ones your key may use.", "model", "missing_required_parameter");
  }
  if (typeof model !== "string") throw invalidRequest(`\`model\` must be a string, but it is ${describe(model)}.`, "model", "invalid_type");
  return model;
}

/**
 * Validates a chat completions body and returns what the gateway needs from it. `messagesOptional` is for
 * prompt addresses, whose rendered version supplies the messages.
 */
export function validateChatBody(body: Record<string, unknown>, limits: { maxN: number; messagesOptional?: boolean }): ChatRequestInfo {
  const model = requireModel(body);
  const messages = body.messages === undefined && limits.messagesOptional ? [] : body.messages;
  if (messages === undefined) throw invalidRequest("The request has no `messages`. Send at least one message, for example {\"role\": \"user\", \"content\": \"Hello\"}.", "messages", "missing_required_parameter");
  if (!Array.isArray(messages)) throw invalidRequest(`\`messages\` must be an array of messages, but it is ${describe(messages)}.`, "messages", "invalid_type");
  if (messages.length === 0 && !limits.messagesOptional) throw invalidRequest("`messages` is empty. Send at least one message, for example {\"role\": \"user\", \"content\": \"Hello\"}.", "messages", "empty_array");

  const imageUrls: ImageUrlRef[] = [];
  for (let index = 0; index < messages.length; index++) checkMessage(messages[index], index, imageUrls);
  checkToolOrder(messages as Record<string, unknown>[]);

  checkN(body.n, limits.maxN);
  const stream = body.stream;
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") throw invalidRequest(`\`stream\` must be true or false, but it is ${describe(stream)}.`, "stream", "invalid_type");
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions)) {
    throw invalidRequest(`\`stream_options\` must be an object such as {"include_usage": true}, but it is ${describe(streamOptions)}.`, "stream_options", "invalid_type");
  }

  return { model, stream: stream === true, includeUsage: isObject(streamOptions) && streamOptions.include_usage === true, imageUrls };
}

function checkN(n: unknown, maxN: number): void {
  if (n === undefined || n === null) return;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw invalidRequest(`\`n\` must be a whole number of at least 1, but it is ${JSON.stringify(n)}.`, "n", "invalid_value");
  if (n > maxN) {
    throw invalidRequest(`\`n\` is ${n}, but this gateway returns at most ${maxN} choices per request. Lower \`n\`, or ask an admin to raise LUODI_GATEWAY_MAX_N.`, "n", "invalid_value");
  }
}

function checkMessage(message: unknown, index: number, imageUrls: ImageUrlRef[]): void {
  const param = `messages[${index}]`;
  if (!isObject(message)) throw invalidRequest(`${param} must be an object with \`role\` and \`content\`, but it is ${describe(message)}.`, param, "invalid_type");

  const role = message.role;
  if (role === undefined) throw invalidRequest(`${param} has no \`role\`. Use one of: ${CHAT_ROLES.join(", ")}.`, `${param}.role`, "missing_required_parameter");
  if (typeof role !== "string" || !CHAT_ROLE_SET.has(role)) {
    throw invalidRequest(`${param}.role is ${JSON.stringify(role)}, which is not a chat role. Use one of: ${CHAT_ROLES.join(", ")}.`, `${param}.role`, "invalid_role");
  }

  const content = message.content;
  // An assistant turn that only calls tools has no content.
  const contentOptional = role === "assistant" && (message.tool_calls !== undefined || message.function_call !== undefined);
  if (content === undefined || content === null) {
    if (contentOptional || (role === "assistant" && content === null)) return;
    throw invalidRequest(`${param} (role "${role}") has no \`content\`. Give it a string or an array of content parts.`, `${param}.content`, "missing_required_parameter");
  }
  if (typeof content === "string") return;
  if (!Array.isArray(content)) {
    throw invalidRequest(`${param}.content must be a string or an array of content parts, but it is ${describe(content)}.`, `${param}.content`, "invalid_type");
  }
  for (let partIndex = 0; partIndex < content.length; partIndex++) checkPart(content[partIndex], `${param}.content[${partIndex}]`, imageUrls);
}

function checkPart(part: unknown, param: string, imageUrls: ImageUrlRef[]): void {
  if (!isObject(part) || typeof part.type !== "string") {
    throw invalidRequest(`${param} must be a content part object with a \`type\`, such as {"type": "text", "text": "..."}.`, param, "invalid_type");
  }
  if (part.type !== "image_url") return;

  const image = part.image_url;
  const url = typeof image === "string" ? image : isObject(image) ? image.url : undefined;
  if (typeof url !== "string" || url === "") {
    throw invalidRequest(`${param}.image_url.url is missing. Give an https URL or a data: URL of the image.`, `${param}.image_url.url`, "missing_required_parameter");
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "data") return;
  if (scheme === "http" || scheme === "https") {
    imageUrls.push({ url, param: `${param}.image_url.url` });
    return;
  }
  throw invalidRequest(`${param}.image_url.url must be an http(s) URL or a data: URL, but it starts with ${JSON.stringify(url.slice(0, 16))}.`, `${param}.image_url.url`, "invalid_image_url");
}

function toolCallIdsOf(message: Record<string, unknown>): string[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.filter(isObject).map((call) => call.id).filter((id): id is string => typeof id === "string");
}

/**
 * Checks the order OpenAI requires around tools. Each `tool` message must respond to a tool call of the
 * assistant message right before its run of tool messages, and every such call needs its tool message before the next turn.
 */
function checkToolOrder(messages: Record<string, unknown>[]): void {
  let pending: Set<string> | null = null;
  let callerIndex = -1;

  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role === "tool") {
      const id = message.tool_call_id;
      if (typeof id !== "string" || id === "") {
        throw invalidRequest(`messages[${index}] has role "tool" but no \`tool_call_id\`. Set it to the id of the tool call it responds to.`, `messages[${index}].tool_call_id`, "missing_required_parameter");
      }
      if (!pending || !pending.has(id)) {
        throw invalidRequest(
          `messages[${index}] has role "tool" but does not respond to a tool call: a tool message must follow an assistant message whose \`tool_calls\` include its tool_call_id ${JSON.stringify(id)}.`,
          `messages[${index}].role`,
          "invalid_role_order",
        );
      }
      pending.delete(id);
      continue;
    }

    if (pending && pending.size > 0) {
      throw invalidRequest(
        `messages[${callerIndex}] calls tools whose results are missing before messages[${index}]: add a tool message for each of ${[...pending].map((id) => JSON.stringify(id)).join(", ")}.`,
        `messages[${callerIndex}].tool_calls`,
        "invalid_role_order",
      );
    }
    const calls = message.role === "assistant" ? toolCallIdsOf(message) : [];
    pending = calls.length > 0 ? new Set(calls) : null;
    callerIndex = index;
  }
}

/** Validates an embeddings body: `model` and a non-empty `input` of strings or token arrays. */
export function validateEmbeddingsBody(body: Record<string, unknown>): { model: string; texts: string[] } {
  const model = requireModel(body);
  const input = body.input;
  const advice = "Give a non-empty string, an array of non-empty strings, or arrays of token ids.";
  if (input === undefined || input === null) throw invalidRequest(`The request has no \`input\`. ${advice}`, "input", "missing_required_parameter");

  if (typeof input === "string") {
    if (input === "") throw invalidRequest(`\`input\` is an empty string. ${advice}`, "input", "invalid_value");
    return { model, texts: [input] };
  }
  if (!Array.isArray(input) || input.length === 0) throw invalidRequest(`\`input\` must not be ${Array.isArray(input) ? "an empty array" : describe(input)}. ${advice}`, "input", "invalid_value");
  if (input.length > MAX_EMBEDDING_INPUTS) {
    throw invalidRequest(`\`input\` has ${input.length} items, more than the ${MAX_EMBEDDING_INPUTS} allowed in one request. Split it into several requests.`, "input", "invalid_value");
  }

  // Token ids (one array of numbers, or an array of them) are forwarded as they are.
  if (input.every((item) => typeof item === "number") || input.every((item) => Array.isArray(item))) return { model, texts: [] };
  const texts: string[] = [];
  for (let index = 0; index < input.length; index++) {
    const item = input[index];
    if (typeof item !== "string" || item === "") throw invalidRequest(`input[${index}] must be a non-empty string, but it is ${item === "" ? "empty" : describe(item)}. ${advice}`, `input[${index}]`, "invalid_value");
    texts.push(item);
  }
  return { model, texts };
}
