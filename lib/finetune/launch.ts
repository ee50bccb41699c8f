import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { getVersion } from "@/lib/datasets/versions";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { Enqueue } from "@/lib/queue/producer";
import { checkModelFolder } from "@/lib/runtime/folders";
import { getBaseModel } from "./base-models";
import { countTrainingRows, distinctLabels, exportSplits, finetuneRoot } from "./dataset-export";
import { GPU_ONLY_METHODS, LORA_METHODS, type FineTuneTaskName } from "./hyperparameters";
import { buildJobSpec, writeJobSpec } from "./job-spec";
import type { LaunchJobInput, PlanJobInput } from "./schemas";
import type { PlanEvent } from "./trainer-events";
import { readTrainerSettings, runTrainerCommand, type TrainerSettings } from "./trainer-process";
import { gpuWorkerAvailable } from "./worker-device";

/** Time given to `plan`, which reads the dataset and builds the model without weights. */
const PLAN_TIMEOUT_MS = 180_000;

/** The dataset type each task trains on. */
const DATASET_TYPE_OF_TASK: Record<FineTuneTaskName, string> = { chat_sft: "chat", seq_classification: "classification" };

/** Result of the trainer's `plan`, in the API's names. */
export type JobPlan = {
  device: "cuda" | "cpu";
  precision: string;
  trainableParameters: number;
  totalParameters: number;
  trainableRatio: number;
  targetModules: string[] | null;
  memoryMb: { weights: number; gradients: number; optimizer: number; activations: number; total: number };
  rows: Record<string, number>;
};

function invalid(message: string, reason: string, params: Record<string, string | number>, field: string): AppError {
  return new AppError("INVALID_INPUT", message, { reason, params, fieldErrors: { [field]: [message] } });
}

/**
 * Checks a job against the base model, the dataset version and the workers before anything runs. Each
 * failure has its own reason: base model folder gone, dataset type that does not fit the task, missing
 * train or validation split, LoRA on an architecture without default target modules and none given,
 * a GPU-only method without a GPU worker, max_length over the model's context length. Hyperparameter ranges were checked by the input schema.
 */
export async function checkLaunch(db: Db, actor: Actor, input: PlanJobInput) {
  const baseModel = await getBaseModel(db, actor, input.baseModelId);
  if (baseModel.status !== "ready") {
    throw invalid(`Base model "${baseModel.name}" is ${baseModel.status}, not ready; wait for its download or register it again`, "finetune.base_model_not_ready", { name: baseModel.name, status: baseModel.status }, "baseModelId");
  }
  const localPath = baseModel.localPath ?? "";
  try {
    await checkModelFolder(localPath);
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw invalid(`The base model's folder ${localPath} is missing or incomplete: ${error.publicMessage}`, "finetune.base_model_folder_missing", { path: localPath, name: baseModel.name }, "baseModelId");
  }

  // Positions past the model's context length have no embedding; training would fail or learn nothing there.
  const maxLength = input.hyperparameters.max_length;
  if (baseModel.contextLength !== null && maxLength > baseModel.contextLength) {
    throw invalid(
      `max_length ${maxLength} is longer than ${baseModel.name}'s context length of ${baseModel.contextLength} tokens; set it to ${baseModel.contextLength} or less`,
      "finetune.max_length_over_context",
      { maxLength, context: baseModel.contextLength, name: baseModel.name },
      "hyperparameters.max_length",
    );
  }

  const version = await getVersion(db, actor, input.datasetVersionId, { allowDraft: false });
  const type = version.dataset.type ?? "none";
  const expected = DATASET_TYPE_OF_TASK[input.task];
  if (type !== expected) {
    throw invalid(`Task ${input.task} trains on a ${expected} dataset, but this dataset's type is ${type}; choose a ${expected} dataset version or the other task`, "finetune.dataset_type_mismatch", { task: input.task, type, expected }, "datasetVersionId");
  }
  if (input.task === "seq_classification" && version.dataset.multiLabel) {
    throw invalid("The dataset is multi-label, and sequence classification trains one label per row; choose a single-label dataset", "finetune.multi_label_unsupported", {}, "datasetVersionId");
  }

  const rows = await countTrainingRows(db, version.id);
  if (rows.train === 0) {
    throw invalid(`Version ${version.number} has no rows in the train split; split the dataset first`, "finetune.no_train_split", { version: version.number ?? 0 }, "datasetVersionId");
  }
  if (rows.validation === 0) {
    throw invalid(`Version ${version.number} has no validation split, which training evaluates on; split the dataset into train, validation and test first`, "finetune.no_validation_split", { version: version.number ?? 0 }, "datasetVersionId");
  }

  let labels: string[] = [];
  if (input.task === "seq_classification") {
    labels = version.dataset.labelSet.length > 0 ? version.dataset.labelSet : await distinctLabels(db, version.id);
  }
  if (input.task === "seq_classification" && labels.length < 2) {
    throw invalid(`Sequence classification needs at least 2 labels, and version ${version.number} has ${labels.length}`, "finetune.too_few_labels", { count: labels.length }, "datasetVersionId");
  }

  if (LORA_METHODS.includes(input.method) && input.hyperparameters.target_modules === null && baseModel.defaultTargetModules.length === 0) {
    const candidates = baseModel.candidateTargetModules.join(", ") || "none found";
    throw invalid(
      `Luodi has no default LoRA target modules for architecture ${baseModel.modelType ?? baseModel.architecture ?? "unknown"}; pick them in hyperparameters.target_modules (linear layers found: ${candidates})`,
      "finetune.target_modules_required",
      { architecture: baseModel.modelType ?? baseModel.architecture ?? "unknown", candidates },
      "hyperparameters.target_modules",
    );
  }
  if (input.mergeWeights && !LORA_METHODS.includes(input.method)) {
    throw invalid(`Only LoRA adapters can be merged into the base weights, not method ${input.method}; turn mergeWeights off`, "finetune.merge_needs_lora", { method: input.method }, "mergeWeights");
  }
  if (GPU_ONLY_METHODS.includes(input.method) && !(await gpuWorkerAvailable(db))) {
    throw invalid(`${input.method} needs a CUDA GPU, and no running worker has one; choose lora, or start a worker on a GPU machine`, "finetune.gpu_required", { method: input.method }, "method");
  }

  return { baseModel, version, labels, rows };
}

type LaunchCheck = Awaited<ReturnType<typeof checkLaunch>>;

/** The trainer's words when max_length cuts off every assistant turn of a split (plan.py check_chat_rows_fit). */
const NO_ROW_FITS = /no row of (\S+) keeps an assistant token within (\d+) tokens/;

/** Maps the trainer's error event from `plan` to an AppError in plain words. */
function planFailure(event: { code: string; message: string; field?: string | null }): AppError {
  const noRowFits = event.code === "invalid_spec" ? NO_ROW_FITS.exec(event.message) : null;
  if (noRowFits) {
    const [, file = "", maxLength = "0"] = noRowFits;
    return invalid(
      `No row of ${file} keeps an assistant token within max_length ${maxLength}; raise max_length or shorten the conversations`,
      "finetune.max_length_drops_all_rows",
      { file, maxLength: Number(maxLength) },
      "hyperparameters.max_length",
    );
  }
  if (event.code === "invalid_spec") {
    const field = event.field ?? "hyperparameters";
    return invalid(`The trainer rejected the job: ${event.message}`, "finetune.plan_rejected", { field, detail: event.message }, field);
  }
  if (event.code === "bad_row") return invalid(`A dataset row cannot be trained on: ${event.message}`, "finetune.bad_row", { detail: event.message }, "datasetVersionId");
  if (event.code === "missing_model_files") return invalid(event.message, "finetune.model_files_invalid", { path: "", detail: event.message }, "baseModelId");
  // An unexpected failure's text may quote exception text, so it goes to the log only.
  logger.warn({ code: event.code, error: event.message }, "finetune.plan_failed");
  return new AppError("INTERNAL", "The trainer's plan failed unexpectedly; the server log has its output", { reason: "finetune.plan_failed", params: { detail: event.code } });
}

function toJobPlan(event: PlanEvent): JobPlan {
  return {
    device: event.device,
    precision: event.precision,
    trainableParameters: event.trainable_parameters,
    totalParameters: event.total_parameters,
    trainableRatio: event.trainable_ratio,
    targetModules: event.target_modules,
    memoryMb: {
      weights: event.memory.weights_mb,
      gradients: event.memory.gradients_mb,
      optimizer: event.memory.optimizer_mb,
      activations: event.memory.activations_mb,
      total: event.memory.total_mb,
    },
    rows: event.rows,
  };
}

/** Runs the trainer's `plan` on the exported splits; the spec goes to a temporary folder that is removed after. */
async function runPlan(db: Db, input: PlanJobInput, checked: LaunchCheck, settings: TrainerSettings): Promise<JobPlan> {
  const files = await exportSplits(db, checked.version.id, input.task);
  const scratch = await mkdtemp(path.join(finetuneRoot(), "plan-"));
  try {
    const spec = buildJobSpec({
      jobId: `plan-${path.basename(scratch)}`,
      baseModelPath: checked.baseModel.localPath ?? "",
      task: input.task,
      method: input.method,
      files,
      labels: checked.labels,
      hyperparameters: input.hyperparameters,
      evaluation: input.evaluation,
      mergeWeights: input.mergeWeights,
      outputDir: path.join(scratch, "output"),
    });
    const specFile = await writeJobSpec(scratch, spec);
    const result = await runTrainerCommand(settings, ["plan", "--spec", specFile], PLAN_TIMEOUT_MS);
    const plan = result.events.find((event) => event.event === "plan");
    if (plan?.event === "plan") return toJobPlan(plan);
    const failure = result.events.find((event) => event.event === "error");
    if (failure?.event === "error") throw planFailure(failure);
    logger.warn({ exitCode: result.exitCode, stderr: result.stderrTail.slice(-5) }, "finetune.plan_failed");
    throw new AppError("INTERNAL", `The trainer's plan exited with code ${result.exitCode} and no result; the server log has its output`, { reason: "finetune.plan_failed", params: { detail: `exit code ${result.exitCode}` } });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Checks a job and returns its trainable-parameter ratio and memory estimate, for the launch form. */
export async function planJob(db: Db, actor: Actor, input: PlanJobInput, settings?: TrainerSettings): Promise<JobPlan> {
  const checked = await checkLaunch(db, actor, input);
  return runPlan(db, input, checked, settings ?? readTrainerSettings());
}

/** Creates an OpenAI-style job id: "ftjob-" and 24 lower-case letters and digits. */
export function newExternalId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(24);
  return `ftjob-${Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("")}`;
}

/**
 * Checks and plans a job, stores it with the dataset version it trains on and queues `finetune.train`.
 * Nothing is stored when a check or the plan fails.
 */
export async function launchJob(db: Db, enqueue: Enqueue, actor: Actor, input: LaunchJobInput, settings?: TrainerSettings) {
  const checked = await checkLaunch(db, actor, input);
  const plan = await runPlan(db, input, checked, settings ?? readTrainerSettings());

  const job = await db.fineTuneJob.create({
    data: {
      workspaceId: actor.workspaceId,
      externalId: newExternalId(),
      name: input.name,
      baseModelId: checked.baseModel.id,
      datasetVersionId: checked.version.id,
      task: input.task,
      method: input.method,
      hyperparameters: input.hyperparameters as unknown as Prisma.InputJsonValue,
      evaluationSettings: input.evaluation as unknown as Prisma.InputJsonValue,
      mergeWeights: input.mergeWeights,
      labels: checked.labels,
      plan: plan as unknown as Prisma.InputJsonValue,
      createdById: actor.userId,
    },
  });
  await enqueue("finetune.train", { jobId: job.id });

  const audit: AuditEntry = {
    action: "finetune.job_launch",
    targetType: "finetune_job",
    targetId: job.id,
    changes: { name: job.name, baseModelId: job.baseModelId, datasetVersionId: job.datasetVersionId, task: job.task, method: job.method },
  };
  return { job, plan, audit };
}
