import type { ValidateFunction } from "ajv";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { assertSupportedInput, chatCompletion } from "@/lib/llm/client";
import { llmErrorToAppError } from "@/lib/llm/errors";
import { LlmError, type ChatRequest, type ChatResult, type ModelTarget, type ResponseFormat } from "@/lib/llm/types";
import { logger } from "@/lib/log";
import { resolveModelTarget } from "@/lib/providers/target";
import { recordRequestLog, requestLogFromResult } from "@/lib/usage/request-log";
import type { PlaygroundChatInput } from "./input";
import { compileJsonSchema, validateOutput, type SchemaViolation } from "./json-schema";

/** A playground call checked and ready to send. */
export type PreparedPlaygroundCall = {
  actor: Actor;
  target: ModelTarget;
  request: ChatRequest;
  validate: ValidateFunction | null;
};

export type PlaygroundSuccess = {
  result: ChatResult;
  /** Present in JSON mode: whether the output parsed and matched the schema. */
  schemaValid?: boolean;
  schemaErrors?: SchemaViolation[];
};

function responseFormatFor(schema: Record<string, unknown>): ResponseFormat {
  // strict: false because OpenAI's strict mode only accepts a subset of JSON Schema; our own validation
  // afterwards is what decides whether the output is valid.
  return { type: "json_schema", json_schema: { name: "playground_output", schema, strict: false } };
}

/**
 * Checks a playground request before anything is sent: the JSON Schema first (so a schema error is reported
 * without touching the provider), then the model, then whether the model takes the input (images need the
 * vision capability). Throws AppError for each.
 */
export async function preparePlaygroundCall(db: Db, actor: Actor, input: PlaygroundChatInput): Promise<PreparedPlaygroundCall> {
  const validate = input.jsonSchema ? compileJsonSchema(input.jsonSchema) : null;
  const target = await resolveModelTarget(db, actor.workspaceId, input.modelId);
  const request: ChatRequest = {
    messages: input.messages,
    params: { ...input.params, ...(input.jsonSchema && { response_format: responseFormatFor(input.jsonSchema) }) },
  };

  try {
    assertSupportedInput(target, request);
  } catch (error) {
    if (error instanceof LlmError) throw llmErrorToAppError(error);
    throw error;
  }
  return { actor, target, request, validate };
}

/**
 * Sends a prepared call and records it in the usage log (source "playground") whatever the outcome: success,
 * failure or cancellation. Throws the LlmError of a failed call after recording it.
 */
export async function runPlaygroundCall(
  db: Db,
  prepared: PreparedPlaygroundCall,
  options: { signal?: AbortSignal; onDelta?: (text: string) => void; requestId?: string | null } = {},
): Promise<PlaygroundSuccess> {
  let outcome: unknown;
  try {
    const result = await chatCompletion(prepared.target, prepared.request, { signal: options.signal, onDelta: options.onDelta });
    outcome = result;
    if (!prepared.validate) return { result };

    const checked = validateOutput(prepared.validate, result.text);
    return { result, schemaValid: checked.valid, schemaErrors: checked.errors };
  } catch (error) {
    outcome = error;
    throw error;
  } finally {
    await recordPlaygroundLog(db, prepared, outcome, options);
  }
}

/** Writes the call's log row. A failed write is logged, never thrown, so the user still gets the answer. */
async function recordPlaygroundLog(db: Db, prepared: PreparedPlaygroundCall, outcome: unknown, options: { onDelta?: unknown; requestId?: string | null }) {
  const entry = requestLogFromResult(prepared.target, outcome, {
    source: "playground",
    userId: prepared.actor.userId,
    stream: options.onDelta !== undefined,
    requestId: options.requestId ?? null,
  });
  try {
    await recordRequestLog(db, entry);
  } catch (error) {
    logger.error({ err: error, modelId: prepared.target.modelId, requestId: options.requestId }, "playground.request_log.failed");
  }
}
