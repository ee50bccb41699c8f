import { z } from "zod";
import type { BaseModel, FineTuneArtifact, FineTuneEvent, FineTuneJob, ModelVersion } from "@/lib/db/generated/client";
import type { JobPlan } from "@/lib/finetune/launch";

/*
 * Wire shapes of the fine-tuning API and the functions that build them from rows. Dates are ISO 8601
 * strings; byte sizes and parameter counts are numbers (exact below 2^53).
 */

const dateTime = z.iso.datetime();
const count = z.number().int().min(0);
const jsonObject = z.record(z.string(), z.unknown());

export const baseModelResource = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.enum(["local", "huggingface", "modelscope"]),
    localPath: z.string().nullable(),
    architecture: z.string().nullable().describe("config.json's architectures[0], such as LlamaForCausalLM"),
    modelType: z.string().nullable().describe("config.json's model_type, such as llama"),
    parameterCount: count.nullable(),
    contextLength: count.nullable(),
    hasChatTemplate: z.boolean(),
    defaultTargetModules: z.array(z.string()).describe("LoRA target modules used when a job names none; empty: the job must name them"),
    candidateTargetModules: z.array(z.string()).describe("Linear layers found in the weights, to pick target modules from"),
    repoId: z.string().nullable().describe("Hub repository id (owner/name) for the huggingface and modelscope sources"),
    revision: z.string().nullable().describe("Hub branch, tag or commit downloaded"),
    status: z.string().describe("downloading (hub sources), ready, or failed with `error`"),
    error: z.string().nullable(),
    downloadedBytes: count.nullable().describe("Bytes of the hub download written so far"),
    totalBytes: count.nullable().describe("Bytes of the files the hub download fetches; null until the hub listed them"),
    createdAt: dateTime,
  })
  .meta({ id: "BaseModel", description: "A registered base model" });

export function toBaseModelView(model: BaseModel): z.infer<typeof baseModelResource> {
  return {
    id: model.id,
    name: model.name,
    source: model.source,
    localPath: model.localPath,
    architecture: model.architecture,
    modelType: model.modelType,
    parameterCount: model.parameterCount === null ? null : Number(model.parameterCount),
    contextLength: model.contextLength,
    hasChatTemplate: model.hasChatTemplate,
    defaultTargetModules: model.defaultTargetModules,
    candidateTargetModules: model.candidateTargetModules,
    repoId: model.repoId,
    revision: model.revision,
    status: model.status,
    error: model.error,
    downloadedBytes: model.downloadedBytes === null ? null : Number(model.downloadedBytes),
    totalBytes: model.totalBytes === null ? null : Number(model.totalBytes),
    createdAt: model.createdAt.toISOString(),
  };
}

export const planResource = z
  .object({
    device: z.enum(["cuda", "cpu"]).describe("Device the plan was made for: the web server's, which normally matches the workers'"),
    precision: z.string(),
    trainableParameters: count,
    totalParameters: count,
    trainableRatio: z.number().min(0).max(1),
    targetModules: z.array(z.string()).nullable().describe("LoRA target modules after defaults; null for other methods"),
    memoryMb: z
      .object({ weights: z.number(), gradients: z.number(), optimizer: z.number(), activations: z.number(), total: z.number() })
      .describe("Estimated peak training memory in MiB: an estimate, not a measurement"),
    rows: z.record(z.string(), count).describe("Rows per split the job trains and evaluates on"),
  })
  .meta({ id: "FineTunePlan", description: "Trainable parameters and a memory estimate of a job" });

export function toPlanView(plan: JobPlan): z.infer<typeof planResource> {
  return plan;
}

export const jobResource = z
  .object({
    id: z.string(),
    externalId: z.string().describe("The job's id in the OpenAI fine-tuning shape (ftjob-...)"),
    name: z.string(),
    baseModel: z.object({ id: z.string(), name: z.string() }),
    datasetVersionId: z.string(),
    task: z.enum(["chat_sft", "seq_classification"]),
    method: z.enum(["lora", "qlora", "full", "prompt_tuning"]),
    hyperparameters: jsonObject,
    evaluationSettings: jsonObject.nullable(),
    mergeWeights: z.boolean(),
    labels: z.array(z.string()),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    stage: z.enum(["data", "train", "evaluate", "register"]).describe("Pipeline stage: data → train → evaluate → register"),
    progress: z.number().min(0).max(1),
    step: count,
    totalSteps: count.nullable(),
    etaSeconds: z.number().nullable(),
    metrics: jsonObject.nullable().describe("Latest values: loss, learning_rate, tokens_per_second, memory_mb, epoch, eval_loss, eval_*"),
    evaluation: jsonObject.nullable().describe("Before/after scores on the test split: { task, split, rows, base, tuned }"),
    plan: jsonObject.nullable(),
    device: z.string().nullable(),
    computeSeconds: z.number().describe("Trainer wall-clock seconds over all attempts"),
    errorCode: z.string().nullable().describe("out_of_memory, bad_row, missing_model_files, invalid_spec, internal, trainer_crashed, worker_lost, queue_lost"),
    errorMessage: z.string().nullable(),
    lastCheckpoint: z.string().nullable().describe("Newest complete checkpoint folder; a failed or cancelled job keeps it"),
    attempts: count,
    cancelRequestedAt: dateTime.nullable(),
    createdAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
  })
  .meta({ id: "FineTuneJob", description: "A fine-tuning job and its live progress" });

type JobWithBase = FineTuneJob & { baseModel: { id: string; name: string } };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toJobView(job: JobWithBase): z.infer<typeof jobResource> {
  return {
    id: job.id,
    externalId: job.externalId,
    name: job.name,
    baseModel: job.baseModel,
    datasetVersionId: job.datasetVersionId,
    task: job.task,
    method: job.method,
    hyperparameters: job.hyperparameters as Record<string, unknown>,
    evaluationSettings: job.evaluationSettings as Record<string, unknown> | null,
    mergeWeights: job.mergeWeights,
    labels: job.labels,
    status: job.status,
    stage: job.stage,
    progress: job.progress,
    step: job.step,
    totalSteps: job.totalSteps,
    etaSeconds: job.etaSeconds,
    metrics: job.metrics as Record<string, unknown> | null,
    evaluation: job.evaluation as Record<string, unknown> | null,
    plan: job.plan as Record<string, unknown> | null,
    device: job.device,
    computeSeconds: job.computeSeconds,
    errorCode: job.errorCode,
    errorMessage: job.errorMessage,
    lastCheckpoint: job.lastCheckpoint,
    attempts: job.attempts,
    cancelRequestedAt: iso(job.cancelRequestedAt),
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

export const jobEventResource = z
  .object({
    seq: z.string().describe("Sequence number; pass the last one seen as `after` to get newer events"),
    type: z.string().describe("Trainer events (stage, start, step, eval, checkpoint, log, artifact, evaluation, done, error) and worker events (attempt, cancel_requested, registered, failed)"),
    data: jsonObject,
    createdAt: dateTime,
  })
  .meta({ id: "FineTuneEvent", description: "One event of a fine-tuning job" });

export function toJobEventView(event: FineTuneEvent): z.infer<typeof jobEventResource> {
  return { seq: event.seq.toString(), type: event.type, data: event.data as Record<string, unknown>, createdAt: event.createdAt.toISOString() };
}

export const artifactResource = z
  .object({
    id: z.string(),
    kind: z.enum(["adapter", "merged", "checkpoint", "trainer_state"]),
    path: z.string(),
    sizeBytes: count,
    sha256: z.string().describe("SHA-256 of the file; for a folder, of its manifest (one \"<sha256>  <relative path>\\n\" line per file, sorted by path)"),
    files: z.array(z.object({ path: z.string(), sizeBytes: count, sha256: z.string() })),
    createdAt: dateTime,
  })
  .meta({ id: "FineTuneArtifact", description: "A file or folder a job produced" });

export function toArtifactView(artifact: FineTuneArtifact): z.infer<typeof artifactResource> {
  return {
    id: artifact.id,
    kind: artifact.kind,
    path: artifact.path,
    sizeBytes: Number(artifact.sizeBytes),
    sha256: artifact.sha256,
    files: artifact.files as { path: string; sizeBytes: number; sha256: string }[],
    createdAt: artifact.createdAt.toISOString(),
  };
}

export const modelVersionResource = z
  .object({
    id: z.string(),
    name: z.string().describe("Also the local model name callers send as `model`, when providerModelId is set"),
    baseModelId: z.string(),
    jobId: z.string(),
    datasetVersionId: z.string(),
    adapterArtifactId: z.string().nullable(),
    providerModelId: z.string().nullable().describe("The local runtime model serving this version; null when it is not a chat model"),
    metrics: jsonObject.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "ModelVersion", description: "A trained model: base model + adapter + job + dataset version" });

export function toModelVersionView(version: ModelVersion): z.infer<typeof modelVersionResource> {
  return {
    id: version.id,
    name: version.name,
    baseModelId: version.baseModelId,
    jobId: version.jobId,
    datasetVersionId: version.datasetVersionId,
    adapterArtifactId: version.adapterArtifactId,
    providerModelId: version.providerModelId,
    metrics: version.metrics as Record<string, unknown> | null,
    createdAt: version.createdAt.toISOString(),
  };
}
