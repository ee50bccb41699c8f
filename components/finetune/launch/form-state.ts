import type { z } from "zod";
import {
  evaluationSettingsSchema,
  GPU_ONLY_METHODS,
  hyperparametersSchema,
  LORA_METHODS,
  type EvaluationSettings,
  type FineTuneMethodName,
  type FineTuneTaskName,
  type Hyperparameters,
} from "@/lib/finetune/hyperparameters";
import type { DatasetVersionOption } from "@/lib/finetune/console-reads";
import type { BaseModelOption } from "./types";

/*
 * The launch form's state, its checks and its conversion to the plan and launch bodies. Numbers stay
 * strings while the user types, so an empty field is distinct from 0. The ranges come from the API's own
 * zod schemas, so the form rejects exactly what the API would reject for a hyperparameter.
 */

export const NUMBER_FIELDS = [
  "lora_rank",
  "lora_alpha",
  "lora_dropout",
  "learning_rate",
  "warmup_ratio",
  "weight_decay",
  "epochs",
  "max_steps",
  "batch_size",
  "gradient_accumulation_steps",
  "max_length",
  "seed",
  "eval_steps",
  "save_steps",
  "logging_steps",
  "save_total_limit",
  "num_virtual_tokens",
] as const satisfies readonly (keyof Hyperparameters)[];
export type NumberField = (typeof NUMBER_FIELDS)[number];

export const EVALUATION_FIELDS = ["max_rows", "max_new_tokens", "batch_size"] as const satisfies readonly (keyof EvaluationSettings)[];
export type EvaluationField = (typeof EVALUATION_FIELDS)[number];

/** Fields that only one kind of method uses; the form hides them for the others. */
const LORA_FIELDS: readonly NumberField[] = ["lora_rank", "lora_alpha", "lora_dropout"];
const PROMPT_TUNING_FIELDS: readonly NumberField[] = ["num_virtual_tokens"];

/** The dataset type each task trains on, as lib/finetune/launch.ts checks it. */
export const DATASET_TYPE_OF_TASK: Record<FineTuneTaskName, string> = { chat_sft: "chat", seq_classification: "classification" };

export type LaunchDraft = {
  name: string;
  baseModelId: string;
  datasetVersionId: string;
  task: FineTuneTaskName | "";
  method: FineTuneMethodName;
  numbers: Record<NumberField, string>;
  scheduler: Hyperparameters["scheduler"];
  precision: Hyperparameters["precision"];
  /** LoRA target modules; null uses the base model's default modules. */
  targetModules: string[] | null;
  evaluation: Record<EvaluationField, string>;
  mergeWeights: boolean;
};

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = hyperparametersSchema.parse({});
export const DEFAULT_EVALUATION: EvaluationSettings = evaluationSettingsSchema.parse({});

const text = (value: number | null) => (value === null ? "" : String(value));

export function initialDraft(): LaunchDraft {
  return {
    name: "",
    baseModelId: "",
    datasetVersionId: "",
    task: "",
    method: "lora",
    numbers: Object.fromEntries(NUMBER_FIELDS.map((field) => [field, text(DEFAULT_HYPERPARAMETERS[field])])) as Record<NumberField, string>,
    scheduler: DEFAULT_HYPERPARAMETERS.scheduler,
    precision: DEFAULT_HYPERPARAMETERS.precision,
    targetModules: null,
    evaluation: Object.fromEntries(EVALUATION_FIELDS.map((field) => [field, text(DEFAULT_EVALUATION[field])])) as Record<EvaluationField, string>,
    mergeWeights: false,
  };
}

/** The task that fits a dataset type, or null for types no task trains on. */
export function taskForDatasetType(type: string | null): FineTuneTaskName | null {
  if (type === "chat") return "chat_sft";
  if (type === "classification") return "seq_classification";
  return null;
}

export const isLoraMethod = (method: FineTuneMethodName) => LORA_METHODS.includes(method);

/** True when the form shows `field` for `method`: LoRA settings for lora and qlora, the soft-prompt length for prompt tuning. */
export function fieldApplies(field: NumberField, method: FineTuneMethodName): boolean {
  if (LORA_FIELDS.includes(field)) return isLoraMethod(method);
  if (PROMPT_TUNING_FIELDS.includes(field)) return method === "prompt_tuning";
  return true;
}

/**
 * A reason the form rejects a value, as a message key under `fineTuning.launch.issues` with its values.
 * `field` is the API's dotted field name, such as "hyperparameters.lora_rank".
 */
export type FormIssue = { field: string; key: string; values?: Record<string, string | number> };

/** Parses a number input; blank or non-numeric text gives NaN, which the schema rejects as "not a number". */
function parseNumber(value: string): number {
  const trimmed = value.trim();
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

/** Maps a zod issue of the hyperparameter or evaluation schema to a translatable form issue. */
export function issueFromZod(prefix: string, issue: z.core.$ZodIssue): FormIssue {
  const field = [prefix, issue.path[0]].filter((part) => part !== undefined).join(".");
  switch (issue.code) {
    case "invalid_type":
      return { field, key: issue.expected === "int" ? "whole" : "number" };
    case "too_small":
      if (issue.origin === "array") return { field, key: "modulesRequired" };
      return { field, key: issue.inclusive ? "min" : "greaterThan", values: { min: Number(issue.minimum) } };
    case "too_big":
      if (issue.origin === "array") return { field, key: "modulesTooMany", values: { max: Number(issue.maximum) } };
      return { field, key: issue.inclusive ? "max" : "lessThan", values: { max: Number(issue.maximum) } };
    case "invalid_format":
      return { field, key: "moduleName" };
    case "custom":
      return { field, key: "modulesUnique" };
    default:
      return { field, key: "invalid" };
  }
}

function hyperparameterInput(draft: LaunchDraft): Record<string, unknown> {
  const input: Record<string, unknown> = { scheduler: draft.scheduler, precision: draft.precision };
  for (const field of NUMBER_FIELDS) {
    // A blank max_steps means "train for the epochs"; every other blank is an error.
    input[field] = field === "max_steps" && draft.numbers.max_steps.trim() === "" ? null : parseNumber(draft.numbers[field]);
  }
  input.target_modules = isLoraMethod(draft.method) ? draft.targetModules : null;
  return input;
}

/**
 * Validates the hyperparameters against the API's schema. A field the chosen method does not use is hidden,
 * so an invalid value there falls back to its default instead of blocking the launch.
 */
export function parseHyperparameters(draft: LaunchDraft): { value: Hyperparameters | null; issues: FormIssue[] } {
  const input = hyperparameterInput(draft);
  const first = hyperparametersSchema.safeParse(input);
  if (first.success) return { value: first.data, issues: [] };

  const hidden = new Set(first.error.issues.map((issue) => issue.path[0]).filter((key): key is NumberField => NUMBER_FIELDS.includes(key as NumberField) && !fieldApplies(key as NumberField, draft.method)));
  for (const field of hidden) input[field] = DEFAULT_HYPERPARAMETERS[field];
  const second = hyperparametersSchema.safeParse(input);
  if (second.success) return { value: second.data, issues: [] };
  return { value: null, issues: second.error.issues.map((issue) => issueFromZod("hyperparameters", issue)) };
}

export function parseEvaluation(draft: LaunchDraft): { value: EvaluationSettings | null; issues: FormIssue[] } {
  const input = Object.fromEntries(EVALUATION_FIELDS.map((field) => [field, parseNumber(draft.evaluation[field])]));
  const parsed = evaluationSettingsSchema.safeParse(input);
  if (parsed.success) return { value: parsed.data, issues: [] };
  return { value: null, issues: parsed.error.issues.map((issue) => issueFromZod("evaluation", issue)) };
}

export type LaunchContext = {
  baseModel: BaseModelOption | undefined;
  version: DatasetVersionOption | undefined;
  gpuWorkerAvailable: boolean;
};

const versionLabel = (version: DatasetVersionOption) => version.number ?? 0;

/** Checks the model and dataset choices as the API's launch checks do, so the form shows each reason before any call. */
export function checkChoices(draft: LaunchDraft, context: LaunchContext): FormIssue[] {
  const issues: FormIssue[] = [];
  const { baseModel, version } = context;

  if (!draft.baseModelId) issues.push({ field: "baseModelId", key: "chooseBaseModel" });
  else if (baseModel && baseModel.status !== "ready") issues.push({ field: "baseModelId", key: "baseModelNotReady", values: { status: baseModel.status } });

  if (!draft.datasetVersionId) issues.push({ field: "datasetVersionId", key: "chooseDatasetVersion" });
  if (!draft.task) issues.push({ field: "task", key: "chooseTask" });

  if (version && draft.task) {
    const expected = DATASET_TYPE_OF_TASK[draft.task];
    const type = version.type ?? "none";
    if (type !== expected) issues.push({ field: "task", key: "datasetTypeMismatch", values: { task: draft.task, type, expected } });
    else if (draft.task === "seq_classification" && version.multiLabel) issues.push({ field: "datasetVersionId", key: "multiLabel" });
    else if (draft.task === "seq_classification" && version.labelCount < 2) issues.push({ field: "datasetVersionId", key: "tooFewLabels", values: { count: version.labelCount } });
  }
  if (version && version.splits.train === 0) issues.push({ field: "datasetVersionId", key: "noTrainSplit", values: { version: versionLabel(version) } });
  if (version && version.splits.validation === 0) issues.push({ field: "datasetVersionId", key: "noValidationSplit", values: { version: versionLabel(version) } });

  if (GPU_ONLY_METHODS.includes(draft.method) && !context.gpuWorkerAvailable) issues.push({ field: "method", key: "gpuRequired", values: { method: draft.method } });
  if (isLoraMethod(draft.method) && baseModel && baseModel.defaultTargetModules.length === 0 && (draft.targetModules === null || draft.targetModules.length === 0)) {
    issues.push({ field: "hyperparameters.target_modules", key: "targetModulesRequired", values: { architecture: baseModel.modelType ?? baseModel.architecture ?? "?" } });
  }
  if (draft.mergeWeights && !isLoraMethod(draft.method)) issues.push({ field: "mergeWeights", key: "mergeNeedsLora", values: { method: draft.method } });

  const maxLength = Number(draft.numbers.max_length);
  if (baseModel && baseModel.contextLength !== null && Number.isFinite(maxLength) && maxLength > baseModel.contextLength) {
    issues.push({ field: "hyperparameters.max_length", key: "maxLengthOverContext", values: { context: baseModel.contextLength } });
  }
  return issues;
}

export type PlanBody = {
  baseModelId: string;
  datasetVersionId: string;
  task: FineTuneTaskName;
  method: FineTuneMethodName;
  hyperparameters: Hyperparameters;
  evaluation: EvaluationSettings;
  mergeWeights: boolean;
};

/** Validates the whole form: returns every issue, and the plan body when there are none. */
export function validateDraft(draft: LaunchDraft, context: LaunchContext): { issues: FormIssue[]; body: PlanBody | null } {
  const hyperparameters = parseHyperparameters(draft);
  const evaluation = parseEvaluation(draft);
  const issues = [...checkChoices(draft, context), ...hyperparameters.issues, ...evaluation.issues];
  if (issues.length > 0 || !hyperparameters.value || !evaluation.value || !draft.task) return { issues, body: null };

  const body: PlanBody = {
    baseModelId: draft.baseModelId,
    datasetVersionId: draft.datasetVersionId,
    task: draft.task,
    method: draft.method,
    hyperparameters: hyperparameters.value,
    evaluation: evaluation.value,
    mergeWeights: isLoraMethod(draft.method) && draft.mergeWeights,
  };
  return { issues, body };
}

/** Maximum job name length the API accepts. */
export const NAME_MAX_CHARS = 200;

/** The name a job gets when the user leaves the field empty: base model, method and dataset version. */
export function defaultJobName(context: LaunchContext, method: FineTuneMethodName): string {
  const parts = [context.baseModel?.name, method, context.version ? `${context.version.datasetName} v${versionLabel(context.version)}` : undefined];
  return parts.filter(Boolean).join(" · ").slice(0, NAME_MAX_CHARS);
}

/** Builds the launch body: the plan body and the job's name. */
export function toLaunchBody(body: PlanBody, name: string, context: LaunchContext) {
  return { ...body, name: name.trim().slice(0, NAME_MAX_CHARS) || defaultJobName(context, body.method) };
}

/** The first issue of each field, so a field shows one reason at a time. */
export function firstIssueByField(issues: FormIssue[]): Map<string, FormIssue> {
  const byField = new Map<string, FormIssue>();
  for (const issue of issues) if (!byField.has(issue.field)) byField.set(issue.field, issue);
  return byField;
}
