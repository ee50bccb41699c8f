import type { Experiment, ExperimentResult, ExperimentVariant } from "@/lib/db/generated/client";
import { failureMessage } from "@/lib/experiments/failures";
import type { SampleRecord } from "@/lib/experiments/run-row";
import type { ExperimentConfig } from "@/lib/experiments/schemas";
import type { VariantSummary } from "@/lib/experiments/stats";

/* Database rows → the wire shapes of experiments-schemas.ts; BigInt ids and Decimal costs become strings and numbers. */

type DatasetReference = { datasetId: string; name: string; type: string | null; versionNumber: number | null } | null;

function experimentFields(experiment: Experiment, dataset: DatasetReference) {
  return {
    id: experiment.id,
    name: experiment.name,
    status: experiment.status,
    datasetVersionId: experiment.datasetVersionId,
    dataset,
    totalRows: experiment.totalRows,
    totalCalls: experiment.totalCalls,
    doneCalls: experiment.doneCalls,
    failedCalls: experiment.failedCalls,
    progress: experiment.totalCalls > 0 ? Math.min(1, experiment.doneCalls / experiment.totalCalls) : 0,
    cancelRequested: experiment.cancelRequested,
    error: experiment.error,
    errorMessage: failureMessage(experiment.error),
    createdById: experiment.createdById,
    createdAt: experiment.createdAt,
    startedAt: experiment.startedAt,
    finishedAt: experiment.finishedAt,
    heartbeatAt: experiment.heartbeatAt,
  };
}

export function toExperimentSummaryView(experiment: Experiment & { dataset: DatasetReference; variantCount: number }) {
  return { ...experimentFields(experiment, experiment.dataset), variantCount: experiment.variantCount };
}

export function toExperimentView(experiment: Experiment & { dataset: DatasetReference; variants: Array<ExperimentVariant & { modelName: string | null }> }) {
  return {
    ...experimentFields(experiment, experiment.dataset),
    config: experiment.config as unknown as ExperimentConfig,
    variants: experiment.variants.map((variant) => ({
      id: variant.id,
      position: variant.position,
      label: variant.label,
      promptVersionId: variant.promptVersionId,
      strategy: variant.strategy,
      modelId: variant.modelId,
      modelName: variant.modelName,
      summary: (variant.summary ?? null) as VariantSummary | null,
    })),
  };
}

/** Returns the last failed call of a row, so clients translate its kind instead of parsing the English message. */
function callErrorOf(result: ExperimentResult): SampleRecord["error"] | null {
  if (result.status !== "error" || !Array.isArray(result.samples)) return null;
  const samples = result.samples as unknown as SampleRecord[];
  return samples.findLast((sample) => sample.error)?.error ?? null;
}

function resultFields(result: ExperimentResult) {
  return {
    id: result.id.toString(),
    variantId: result.variantId,
    rowKey: result.rowKey,
    position: result.position,
    status: result.status,
    expected: result.expected,
    answer: result.answer,
    correct: result.correct,
    agreement: result.agreement,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    usageEstimated: result.usageEstimated,
    latencyMs: result.latencyMs,
    cost: result.cost === null ? null : Number(result.cost.toString()),
    error: result.error,
    callError: callErrorOf(result),
    createdAt: result.createdAt,
  };
}

export function toResultSummaryView(result: ExperimentResult) {
  return { ...resultFields(result), outputPreview: result.output === null ? null : result.output.slice(0, 300) };
}

export function toResultView(result: ExperimentResult) {
  return {
    ...resultFields(result),
    output: result.output,
    samples: (Array.isArray(result.samples) ? result.samples : []) as unknown as SampleRecord[],
    request: (result.request ?? null) as { messages: Array<{ role: string; content: unknown }>; params: Record<string, unknown> } | null,
  };
}
