import { z } from "zod";
import { DATASET_TYPES } from "@/lib/datasets/model";
import { EXPERIMENT_STATUSES, experimentConfigSchema, strategySchema } from "@/lib/experiments/schemas";

/*
 * Wire shapes of the experiments API. Dates are ISO 8601 strings; costs are numbers in the variant's
 * currency. The tests parse real responses with these schemas.
 */

const dateTime = z.iso.datetime();
const count = z.number().int().min(0);
const fraction = z.number().min(0).max(1);

export const variantSummaryResource = z
  .object({
    rows: count.describe("Rows with a stored result"),
    scored: count.describe("Rows whose calls succeeded and were scored"),
    correct: count,
    errors: count.describe("Rows whose call failed after retries; not counted as wrong"),
    accuracy: fraction.nullable().describe("correct / scored"),
    ci95: z.object({ low: fraction, high: fraction }).nullable().describe("Wilson 95% interval of the accuracy"),
    latencyP50Ms: z.number().nullable(),
    latencyP95Ms: z.number().nullable(),
    inputTokens: count,
    outputTokens: count,
    estimatedShare: fraction.describe("Share of scored rows whose tokens Luodi counted because the provider reported no usage"),
    cost: z.number().nullable(),
    currency: z.string().nullable(),
    meanAgreement: fraction.nullable().describe("Mean share of self-consistency samples agreeing with the vote"),
  })
  .meta({ id: "ExperimentVariantSummary", description: "Accuracy, latency, tokens and cost of one variant so far" });

export const experimentVariantResource = z
  .object({
    id: z.string(),
    position: count,
    label: z.string(),
    promptVersionId: z.string(),
    strategy: strategySchema,
    modelId: z.string(),
    modelName: z.string().nullable(),
    summary: variantSummaryResource.nullable(),
  })
  .meta({ id: "ExperimentVariant", description: "One prompt version × strategy × model combination" });

const datasetReference = z
  .object({ datasetId: z.string(), name: z.string(), type: z.enum(DATASET_TYPES).nullable(), versionNumber: z.number().int().nullable() })
  .nullable();

const experimentFields = {
  id: z.string(),
  name: z.string(),
  status: z.enum(EXPERIMENT_STATUSES),
  datasetVersionId: z.string(),
  dataset: datasetReference,
  totalRows: count,
  totalCalls: count,
  doneCalls: count,
  failedCalls: count.describe("Rows whose call failed after retries"),
  progress: fraction,
  cancelRequested: z.boolean(),
  error: z.string().nullable().describe("Failure code when the whole experiment failed"),
  errorMessage: z.string().nullable(),
  createdById: z.string().nullable(),
  createdAt: dateTime,
  startedAt: dateTime.nullable(),
  finishedAt: dateTime.nullable(),
  heartbeatAt: dateTime.nullable(),
};

export const experimentSummaryResource = z
  .object({ ...experimentFields, variantCount: count })
  .meta({ id: "ExperimentSummary", description: "An experiment in the list" });

export const experimentResource = z
  .object({ ...experimentFields, config: experimentConfigSchema, variants: z.array(experimentVariantResource) })
  .meta({ id: "Experiment", description: "A prompt experiment with its settings, progress and variants" });

const sampleError = z.object({
  kind: z.string().describe("LlmError kind (rate_limited, timeout...), model_unavailable or prompt_invalid"),
  message: z.string(),
  httpStatus: z.number().int().optional(),
  reason: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const experimentSampleResource = z
  .object({
    output: z.string(),
    answer: z.string().nullable().describe("What the strategy extracted from the output"),
    value: z.string().nullable().describe("What the scoring method compared"),
    latencyMs: count,
    inputTokens: count,
    outputTokens: count,
    usageEstimated: z.boolean(),
    cost: z.number().nullable(),
    error: sampleError.optional(),
  })
  .meta({ id: "ExperimentSample", description: "One model call of a row" });

const resultFields = {
  id: z.string(),
  variantId: z.string(),
  rowKey: z.string(),
  position: count,
  status: z.enum(["ok", "error"]),
  expected: z.string().nullable(),
  answer: z.string().nullable(),
  correct: z.boolean().nullable(),
  agreement: fraction.nullable(),
  inputTokens: count,
  outputTokens: count,
  usageEstimated: z.boolean(),
  latencyMs: count,
  cost: z.number().nullable(),
  error: z.string().nullable(),
  callError: sampleError.nullable().describe("The failed call behind `error`, with its kind and reason for a translated message"),
  createdAt: dateTime,
};

export const experimentResultSummaryResource = z
  .object({ ...resultFields, outputPreview: z.string().nullable().describe("The first 300 characters of the output") })
  .meta({ id: "ExperimentResultSummary", description: "One row's result in a result list" });

export const experimentResultResource = z
  .object({
    ...resultFields,
    output: z.string().nullable(),
    samples: z.array(experimentSampleResource),
    request: z
      .object({ messages: z.array(z.object({ role: z.string(), content: z.unknown() })), params: z.record(z.string(), z.unknown()) })
      .nullable()
      .describe("The rendered request sent for each sample"),
  })
  .meta({ id: "ExperimentResult", description: "One row's result with the request, every sample and the error" });
