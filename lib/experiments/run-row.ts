import type { DatasetType } from "@/lib/datasets/model";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { isAppError } from "@/lib/errors";
import { chatCompletion } from "@/lib/llm/client";
import { withRetry } from "@/lib/llm/retry";
import { LlmError, type ChatRequest, type ChatResult, type ModelTarget } from "@/lib/llm/types";
import type { Logger } from "@/lib/log";
import { compilePrompt, majorityVote } from "@/lib/prompts/compile";
import type { PromptVersionSpec, Strategy } from "@/lib/prompts/types";
import { recordRequestLog, requestLogFromResult } from "@/lib/usage/request-log";
import { valuesForRow } from "./mapping";
import type { RateLimiter } from "./rate-limit";
import { readRowField } from "./row-fields";
import type { ExperimentRow } from "./rows";
import type { ExperimentConfig } from "./schemas";
import { isMatch, scoredValue, voteKey } from "./scoring";

/** Attempts per model call, the first included; retries honour the provider's Retry-After. */
const CALL_ATTEMPTS = 4;

/** One variant as the runner needs it: its prompt, strategy and model, or why the model cannot be called. */
export type VariantPlan = {
  id: string;
  label: string;
  promptVersionId: string;
  spec: PromptVersionSpec;
  strategy: Strategy;
  samples: number;
  target: ModelTarget | null;
  /** Set when the model could not be resolved; every row of the variant then fails with this text. */
  targetError: { message: string; reason?: string; params?: Record<string, string | number> } | null;
};

export type RunContext = {
  db: Db;
  log: Logger;
  experimentId: string;
  userId: string | null;
  type: DatasetType;
  config: ExperimentConfig;
  maxSamples: number;
  limiter: RateLimiter;
  signal?: AbortSignal;
};

/** One model call's outcome as stored in ExperimentResult.samples. */
export type SampleRecord = {
  output: string;
  /** What the strategy extracted from the output (the Answer: line, the JSON, or the trimmed text). */
  answer: string | null;
  /** What the scoring method compares: the answer, a JSON field or a regex group. */
  value: string | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  cost: number | null;
  /** Set on the call that failed after its retries. */
  error?: { kind: string; message: string; httpStatus?: number; reason?: string; params?: Record<string, string | number> };
};

/** Runs one row through one variant: every sample, the vote, the score, and the stored result. */
export async function runRow(context: RunContext, plan: VariantPlan, row: ExperimentRow): Promise<void> {
  const expected = readRowField(context.type, row, context.config.expectedField);

  if (plan.targetError) {
    const error = { kind: "model_unavailable", message: plan.targetError.message, reason: plan.targetError.reason, params: plan.targetError.params };
    await storeResult(context, plan, row, { status: "error", expected, samples: [emptySample(error)], request: null, error: plan.targetError.message });
    return;
  }

  let compiled;
  try {
    compiled = compilePrompt(plan.spec, valuesForRow(plan.spec.variables, context.config.mapping, context.type, row), {
      strategy: plan.strategy,
      maxSamples: context.maxSamples,
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const sampleError = { kind: "prompt_invalid", message: error.publicMessage, reason: error.options.reason, params: error.options.params };
    await storeResult(context, plan, row, { status: "error", expected, samples: [emptySample(sampleError)], request: null, error: error.publicMessage });
    return;
  }

  const samples: SampleRecord[] = [];
  for (let index = 0; index < compiled.samples; index += 1) {
    const outcome = await callModel(context, plan, plan.target!, compiled.request);
    // A call cut off because the worker is stopping is not the row's fault: store nothing, so the retried job runs it again.
    if (outcome instanceof LlmError && outcome.kind === "cancelled" && context.signal?.aborted) throw outcome;
    if (outcome instanceof LlmError) {
      const usage = outcome.details.usage ?? { inputTokens: 0, outputTokens: 0, estimated: false };
      samples.push({
        ...emptySample({ kind: outcome.kind, message: outcome.message, httpStatus: outcome.details.httpStatus }),
        output: outcome.details.partialText ?? "",
        latencyMs: outcome.details.latencyMs ?? 0,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        usageEstimated: usage.estimated,
      });
      await storeResult(context, plan, row, { status: "error", expected, samples, request: compiled.request, error: outcome.message });
      return;
    }

    const answer = compiled.extractAnswer(outcome.text);
    samples.push({
      output: outcome.text,
      answer,
      value: scoredValue(context.config.scoring, outcome.text, answer),
      latencyMs: outcome.latencyMs,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      usageEstimated: outcome.usage.estimated,
      cost: outcome.cost,
    });
  }

  await storeResult(context, plan, row, { status: "ok", expected, samples, request: compiled.request, error: null });
}

/** Sends one call through the rate limiter with retries, logging every attempt; returns the last LlmError on failure. */
async function callModel(context: RunContext, plan: VariantPlan, target: ModelTarget, request: ChatRequest): Promise<ChatResult | LlmError> {
  const logContext = {
    source: "experiment" as const,
    userId: context.userId,
    stream: false,
    experimentId: context.experimentId,
    promptVersionId: plan.promptVersionId,
  };

  try {
    return await withRetry(
      async () => {
        await context.limiter.acquire(target.providerId, target.rpmLimit);
        try {
          const result = await chatCompletion(target, request, { signal: context.signal });
          await recordRequestLog(context.db, requestLogFromResult(target, result, logContext));
          return result;
        } catch (error) {
          await recordRequestLog(context.db, requestLogFromResult(target, error, logContext));
          // Other rows waiting for the same provider hold back too, instead of each earning its own 429.
          if (error instanceof LlmError && error.kind === "rate_limited" && error.details.retryAfterSeconds) {
            context.limiter.pause(target.providerId, error.details.retryAfterSeconds);
          }
          throw error;
        }
      },
      {
        maxAttempts: CALL_ATTEMPTS,
        signal: context.signal,
        onRetry: ({ attempt, delayMs, error }) =>
          context.log.warn({ experimentId: context.experimentId, variant: plan.id, attempt, delayMs, kind: error.kind }, "experiments.call_retrying"),
      },
    );
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
}

function emptySample(error: SampleRecord["error"]): SampleRecord {
  return { output: "", answer: null, value: null, latencyMs: 0, inputTokens: 0, outputTokens: 0, usageEstimated: false, cost: null, error };
}

type RowOutcome = {
  status: "ok" | "error";
  expected: string | null;
  samples: SampleRecord[];
  request: ChatRequest | null;
  error: string | null;
};

/**
 * Votes, scores and writes the row's result. The upsert on (variantId, rowKey) makes a row that a retried
 * job runs again replace its earlier result instead of adding a second one.
 */
async function storeResult(context: RunContext, plan: VariantPlan, row: ExperimentRow, outcome: RowOutcome): Promise<void> {
  const { scoring } = context.config;
  const ok = outcome.status === "ok";
  const multiple = ok && outcome.samples.length > 1;

  let value: string | null = outcome.samples[0]?.value ?? null;
  let agreement: number | null = null;
  if (multiple) {
    // Vote on normalised keys, then keep the first sample's own spelling of the winning answer.
    const keys = outcome.samples.map((sample) => (sample.value === null ? null : voteKey(scoring, sample.value)));
    const vote = majorityVote(keys);
    const winner = outcome.samples.find((_, index) => keys[index] === vote.answer && vote.answer !== null);
    value = winner?.value ?? null;
    agreement = vote.agreement;
  }
  const chosen = outcome.samples.find((sample) => sample.value === value) ?? outcome.samples[0];

  const costs = outcome.samples.map((sample) => sample.cost).filter((cost): cost is number => cost !== null);
  const data = {
    experimentId: context.experimentId,
    position: row.position,
    status: outcome.status,
    expected: outcome.expected,
    output: chosen?.output ?? null,
    answer: ok ? value : null,
    correct: ok ? isMatch(scoring, value, outcome.expected) : null,
    samples: outcome.samples as unknown as Prisma.InputJsonValue,
    agreement,
    request: (outcome.request ?? undefined) as unknown as Prisma.InputJsonValue | undefined,
    inputTokens: sum(outcome.samples.map((sample) => sample.inputTokens)),
    outputTokens: sum(outcome.samples.map((sample) => sample.outputTokens)),
    usageEstimated: outcome.samples.some((sample) => sample.usageEstimated),
    latencyMs: sum(outcome.samples.map((sample) => sample.latencyMs)),
    cost: costs.length > 0 ? sum(costs).toFixed(8) : null,
    error: outcome.error?.slice(0, 1_000) ?? null,
  };

  await context.db.experimentResult.upsert({
    where: { variantId_rowKey: { variantId: plan.id, rowKey: row.rowKey } },
    create: { ...data, variantId: plan.id, rowKey: row.rowKey },
    update: data,
  });
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
