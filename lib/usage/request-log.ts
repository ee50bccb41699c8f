import type { Db } from "@/lib/db/client";
import { costOf } from "@/lib/llm/cost";
import { LlmError, type ChatResult, type ModelTarget } from "@/lib/llm/types";
import { writeRequestLogsReturning } from "@/lib/usage/log-writer";

// "media": questions, captions and field extraction on images.
export const REQUEST_SOURCES = ["playground", "experiment", "gateway", "media"] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

export const REQUEST_STATUSES = ["ok", "error", "cancelled"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** One model call as the usage log stores it; the RequestLog columns. */
export type RequestLogEntry = {
  workspaceId: string;
  source: RequestSource;
  userId: string | null;
  apiKeyId?: string | null;
  providerId: string | null;
  modelId: string | null;
  model: string;
  route?: string | null;
  status: RequestStatus;
  httpStatus: number | null;
  /** LlmError kind, such as rate_limited or stream_cut; null on success. */
  errorCode: string | null;
  /** Safe English description of the failure, at most 500 characters; never contains a secret. */
  errorMessage: string | null;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  ttftMs: number | null;
  latencyMs: number;
  cost: number | null;
  currency: string | null;
  cacheHit?: boolean;
  stream: boolean;
  experimentId: string | null;
  promptVersionId: string | null;
  requestId: string | null;
};

/**
 * Stores one call: its RequestLog row and its roll-ups, in one transaction (lib/usage/log-writer.ts).
 * Returns the stored row.
 */
export async function recordRequestLog(db: Db, entry: RequestLogEntry) {
  const [row] = await writeRequestLogsReturning(db, [entry]);
  if (!row) throw new Error("inserting a RequestLog row returned no row");
  return row;
}

/** Fields of an entry that depend on who called and why, not on the call's outcome. */
export type RequestLogContext = {
  source: RequestSource;
  userId: string | null;
  stream: boolean;
  apiKeyId?: string | null;
  route?: string | null;
  experimentId?: string | null;
  promptVersionId?: string | null;
  requestId?: string | null;
};

/**
 * Builds the log entry of one call from its result or its failure. A failure that is not an LlmError (a
 * bug, a database error) is logged as an error with kind "internal" and no tokens.
 */
export function requestLogFromResult(target: ModelTarget, outcome: ChatResult | LlmError | unknown, context: RequestLogContext): RequestLogEntry {
  const base = {
    workspaceId: target.workspaceId,
    source: context.source,
    userId: context.userId,
    apiKeyId: context.apiKeyId ?? null,
    providerId: target.providerId,
    modelId: target.modelId,
    model: target.model,
    route: context.route ?? null,
    stream: context.stream,
    experimentId: context.experimentId ?? null,
    promptVersionId: context.promptVersionId ?? null,
    requestId: context.requestId ?? null,
  };

  if (isChatResult(outcome)) {
    return {
      ...base,
      status: "ok",
      httpStatus: outcome.httpStatus,
      errorCode: null,
      errorMessage: null,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      usageEstimated: outcome.usage.estimated,
      ttftMs: outcome.ttftMs,
      latencyMs: outcome.latencyMs,
      cost: outcome.cost,
      currency: outcome.currency,
    };
  }

  if (outcome instanceof LlmError) {
    const usage = outcome.details.usage ?? { inputTokens: 0, outputTokens: 0, estimated: false };
    // A failed or cancelled call may still have been billed for the tokens the provider processed.
    const cost = costOf(target.prices, usage);
    return {
      ...base,
      status: outcome.kind === "cancelled" ? "cancelled" : "error",
      httpStatus: outcome.details.httpStatus ?? null,
      errorCode: outcome.kind,
      errorMessage: outcome.message,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      usageEstimated: usage.estimated,
      ttftMs: outcome.details.ttftMs ?? null,
      latencyMs: outcome.details.latencyMs ?? 0,
      cost,
      currency: cost === null ? null : target.prices.currency,
    };
  }

  return {
    ...base,
    status: "error",
    httpStatus: null,
    errorCode: "internal",
    errorMessage: "Internal error while calling the model",
    inputTokens: 0,
    outputTokens: 0,
    usageEstimated: false,
    ttftMs: null,
    latencyMs: 0,
    cost: null,
    currency: null,
  };
}

function isChatResult(value: unknown): value is ChatResult {
  return !!value && typeof value === "object" && !(value instanceof Error) && "text" in value && "usage" in value && "latencyMs" in value;
}
