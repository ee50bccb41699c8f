import type { GuardedFetchPolicy } from "@/lib/net/guarded-fetch";

/**
 * The contract between model providers (lib/providers), the OpenAI-compatible client (lib/llm/client.ts)
 * and its callers: playground, prompt experiments, and later the gateway.
 */

export const CAPABILITIES = ["chat", "vision", "embeddings", "audio"] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CURRENCIES = ["CNY", "USD"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Everything needed to call one provider model, resolved from the database by lib/providers/target.ts. */
export type ModelTarget = {
  workspaceId: string;
  providerId: string;
  providerName: string;
  providerKind: string;
  /** ProviderModel id. */
  modelId: string;
  /** Name sent upstream as `model`. */
  model: string;
  displayName: string;
  /** Base URL ending in /v1 (or the provider's equivalent), without a trailing slash. */
  baseUrl: string;
  /** Decrypted API key; null when the provider needs none. Never log it. */
  apiKey: string | null;
  timeoutMs: number;
  /** Requests per minute Luodi may send to this provider; null: unlimited. */
  rpmLimit: number | null;
  capabilities: Capability[];
  /** Prices per million tokens; null when unknown (cost is then null too). */
  prices: { input: number | null; output: number | null; currency: Currency };
  /** Address policy for connections to baseUrl (admin allow rules; trusted loopback for the local runtime). */
  policy: GuardedFetchPolicy;
};

export type TextPart = { type: "text"; text: string };
export type ImagePart = { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } };
export type ContentPart = TextPart | ImagePart;

export type ChatRole = "system" | "user" | "assistant";
export type ChatMessage = { role: ChatRole; content: string | ContentPart[] };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };

/** Sampling parameters, in OpenAI's names so they pass through unchanged. */
export type ChatParams = {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  response_format?: ResponseFormat;
};

export type ChatRequest = { messages: ChatMessage[]; params: ChatParams };

export type TokenUsage = {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no usage and the numbers were counted by Luodi (o200k tokenizer). */
  estimated: boolean;
};

export type ChatResult = {
  text: string;
  finishReason: string | null;
  usage: TokenUsage;
  /** Milliseconds from sending the request to the first content token; null for non-streamed calls. */
  ttftMs: number | null;
  latencyMs: number;
  /** In prices.currency; null when the model has no price. */
  cost: number | null;
  currency: Currency | null;
  httpStatus: number;
};

/** How a call failed, for a translated message (errors.reasons.llm.<kind>) and for retry decisions. */
export const LLM_ERROR_KINDS = [
  "rate_limited",
  "upstream_status",
  "timeout",
  "malformed_response",
  "stream_cut",
  "network",
  "blocked_address",
  "unsupported_input",
  "cancelled",
] as const;
export type LlmErrorKind = (typeof LLM_ERROR_KINDS)[number];

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: {
      httpStatus?: number;
      retryAfterSeconds?: number;
      /** The provider's own error message, cut to 500 characters. */
      providerMessage?: string;
      /** Text received before the failure, kept so the user sees the partial answer. */
      partialText?: string;
      usage?: TokenUsage;
      latencyMs?: number;
      ttftMs?: number | null;
    } = {},
  ) {
    super(message);
    this.name = "LlmError";
  }

  /** Worth retrying later: rate limits, 5xx, timeouts, network failures and cut streams. */
  get retryable(): boolean {
    if (this.kind === "upstream_status") return (this.details.httpStatus ?? 0) >= 500;
    return ["rate_limited", "timeout", "network", "stream_cut"].includes(this.kind);
  }
}
