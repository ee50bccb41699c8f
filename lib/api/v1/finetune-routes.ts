import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getBaseModel, listBaseModels, registerBaseModel } from "@/lib/finetune/base-models";
import { lastCheckpointFolder } from "@/lib/finetune/console-checkpoint";
import { cancelJob, getArtifact, getJob, listArtifacts, listJobEvents, listJobs, listModelVersions } from "@/lib/finetune/jobs";
import { launchJob, planJob } from "@/lib/finetune/launch";
import { launchJobInput, planJobInput, registerBaseModelInput } from "@/lib/finetune/schemas";
import { defineRoute, type AnyRouteDefinition } from "../route";
import { attachmentDisposition } from "./datasets-downloads";
import {
  artifactResource,
  baseModelResource,
  jobEventResource,
  jobResource,
  modelVersionResource,
  planResource,
  toArtifactView,
  toBaseModelView,
  toJobEventView,
  toJobView,
  toModelVersionView,
  toPlanView,
} from "./finetune-schemas";

const TAG = "Fine-tuning";

const baseModelParams = z.object({ baseModelId: z.string().min(1).max(100).describe("Base model id") });
const jobParams = z.object({ jobId: z.string().min(1).max(100).describe("Job id, or its ftjob- external id") });
const artifactParams = jobParams.extend({ artifactId: z.string().min(1).max(100).describe("Artifact id") });
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Items per page"),
  before: z.string().max(100).optional().describe("nextCursor of the previous page"),
});

export const registerBaseModelRoute = defineRoute({
  method: "POST",
  path: "/base-models",
  operationId: "registerBaseModel",
  summary: "Register a base model",
  description:
    "Registers a model folder in Hugging Face format on the worker's file system (source local, the default), or a Hugging Face or " +
    "ModelScope repository by id (source huggingface or modelscope, optional revision). A folder is inspected at once: the trainer reads its " +
    "architecture, parameter count, context length, chat template and default LoRA target modules, and a missing folder or file is rejected " +
    "with reason finetune.folder_missing, finetune.file_missing or finetune.model_files_invalid. A repository is returned with status " +
    "downloading: a worker downloads its configuration, tokenizer and safetensors weights from HF_ENDPOINT or MODELSCOPE_ENDPOINT, checks " +
    "sizes and SHA-256 checksums, inspects the folder and sets status ready, or failed with `error`. Poll GET /base-models/{baseModelId} " +
    "for downloadedBytes and totalBytes.",
  tag: TAG,
  permission: "training.launch",
  body: registerBaseModelInput,
  response: baseModelResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, body }) {
    const { model, audit } = await registerBaseModel(db, actor, body, { enqueue });
    return { data: toBaseModelView(model), audit };
  },
});

export const listBaseModelsRoute = defineRoute({
  method: "GET",
  path: "/base-models",
  operationId: "listBaseModels",
  summary: "List base models",
  tag: TAG,
  permission: "console.read",
  response: z.array(baseModelResource),
  async handler({ actor, db }) {
    return { data: (await listBaseModels(db, actor)).map(toBaseModelView) };
  },
});

export const getBaseModelRoute = defineRoute({
  method: "GET",
  path: "/base-models/{baseModelId}",
  operationId: "getBaseModel",
  summary: "Get a base model",
  tag: TAG,
  permission: "console.read",
  params: baseModelParams,
  response: baseModelResource,
  async handler({ actor, db, params }) {
    return { data: toBaseModelView(await getBaseModel(db, actor, params.baseModelId)) };
  },
});

const LAUNCH_CHECKS =
  "Rejected before anything is queued, each with its reason: base model folder gone (finetune.base_model_folder_missing), dataset type that " +
  "does not fit the task (finetune.dataset_type_mismatch), no train or validation split (finetune.no_train_split, finetune.no_validation_split), " +
  "LoRA on an architecture without default target modules and none given (finetune.target_modules_required), a GPU-only method without a " +
  "GPU worker (finetune.gpu_required), hyperparameters out of range (field errors) and anything the trainer's plan rejects (finetune.plan_rejected).";

export const planJobRoute = defineRoute({
  method: "POST",
  path: "/fine-tuning/plan",
  operationId: "planFineTuningJob",
  summary: "Plan a fine-tuning job",
  description: `Checks a job and returns its trainable-parameter ratio and a peak-memory estimate, for the launch form. ${LAUNCH_CHECKS}`,
  tag: TAG,
  permission: "training.launch",
  body: planJobInput.strict(),
  response: planResource,
  async handler({ actor, db, body }) {
    return { data: toPlanView(await planJob(db, actor, body)) };
  },
});

export const launchJobRoute = defineRoute({
  method: "POST",
  path: "/fine-tuning/jobs",
  operationId: "launchFineTuningJob",
  summary: "Launch a fine-tuning job",
  description: `Checks and plans the job, stores it with the dataset version it trains on and queues it for a worker. ${LAUNCH_CHECKS}`,
  tag: TAG,
  permission: "training.launch",
  body: launchJobInput.strict(),
  response: jobResource,
  successStatus: 201,
  async handler({ actor, db, enqueue, body }) {
    const { job, audit } = await launchJob(db, enqueue, actor, body);
    return { data: toJobView(await getJob(db, actor, job.id)), audit };
  },
});

export const listJobsRoute = defineRoute({
  method: "GET",
  path: "/fine-tuning/jobs",
  operationId: "listFineTuningJobs",
  summary: "List fine-tuning jobs",
  description: "Lists the workspace's jobs with their status and progress, newest first.",
  tag: TAG,
  permission: "console.read",
  query: pageQuery,
  response: z.array(jobResource),
  paginated: true,
  async handler({ actor, db, query }) {
    const { jobs, nextCursor } = await listJobs(db, actor, query);
    return { data: jobs.map(toJobView), nextCursor };
  },
});

export const getJobRoute = defineRoute({
  method: "GET",
  path: "/fine-tuning/jobs/{jobId}",
  operationId: "getFineTuningJob",
  summary: "Get a fine-tuning job",
  tag: TAG,
  permission: "console.read",
  params: jobParams,
  response: jobResource,
  async handler({ actor, db, params }) {
    return { data: toJobView(await getJob(db, actor, params.jobId)) };
  },
});

export const listJobEventsRoute = defineRoute({
  method: "GET",
  path: "/fine-tuning/jobs/{jobId}/events",
  operationId: "listFineTuningJobEvents",
  summary: "List a job's events",
  description: "Returns events after sequence number `after`, oldest first. Poll with the last seq seen to follow a running job.",
  tag: TAG,
  permission: "console.read",
  params: jobParams,
  query: z.object({
    after: z.string().regex(/^\d{1,19}$/, "must be a sequence number").default("0").describe("Return events with a larger seq"),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  }),
  response: z.array(jobEventResource),
  async handler({ actor, db, params, query }) {
    const { events } = await listJobEvents(db, actor, params.jobId, { after: BigInt(query.after), limit: query.limit });
    return { data: events.map(toJobEventView) };
  },
});

export const cancelJobRoute = defineRoute({
  method: "POST",
  path: "/fine-tuning/jobs/{jobId}/cancel",
  operationId: "cancelFineTuningJob",
  summary: "Cancel a fine-tuning job",
  description: "A queued job is cancelled at once. A running one saves a checkpoint at the end of its current step and ends cancelled, keeping that checkpoint.",
  tag: TAG,
  permission: "training.launch",
  params: jobParams,
  response: jobResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { job, audit } = await cancelJob(db, actor, params.jobId);
    return { data: toJobView(job), audit };
  },
});

export const listArtifactsRoute = defineRoute({
  method: "GET",
  path: "/fine-tuning/jobs/{jobId}/artifacts",
  operationId: "listFineTuningArtifacts",
  summary: "List a job's artifacts",
  description: "The adapter (PEFT safetensors + adapter_config.json), merged or full weights, the last checkpoint and its trainer state, each with size and SHA-256.",
  tag: TAG,
  permission: "console.read",
  params: jobParams,
  response: z.array(artifactResource),
  async handler({ actor, db, params }) {
    return { data: (await listArtifacts(db, actor, params.jobId)).map(toArtifactView) };
  },
});

/** Streams a folder as an uncompressed tar archive through the system's tar, which every Linux server has. */
function tarStream(folder: string): ReadableStream<Uint8Array> {
  const child = spawn("tar", ["-cf", "-", "-C", folder, "."], { stdio: ["ignore", "pipe", "ignore"] });
  return Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>;
}

export const downloadArtifactRoute = defineRoute({
  method: "GET",
  path: "/fine-tuning/jobs/{jobId}/artifacts/{artifactId}/download",
  operationId: "downloadFineTuningArtifact",
  summary: "Download an artifact",
  description:
    "Streams a file artifact as it is. A folder artifact (adapter, weights, checkpoint) streams as an uncompressed tar archive of the folder; " +
    "pass `file` with a path from the artifact's `files` to download one file of it instead. Compare the bytes with the listed sha256.",
  tag: TAG,
  permission: "console.read",
  params: artifactParams,
  query: z.object({ file: z.string().max(1000).optional().describe("Relative path of one file of a folder artifact") }),
  file: { contentTypes: ["application/octet-stream", "application/x-tar"], description: "The artifact's file, or its folder as a tar archive" },
  async handler({ actor, db, params, query }) {
    const artifact = await getArtifact(db, actor, params.jobId, params.artifactId);
    const info = await stat(artifact.path).catch(() => null);
    if (!info) {
      throw new AppError("NOT_FOUND", `The artifact's files are gone from ${artifact.path}`, { reason: "finetune.artifact_missing", params: { path: artifact.path } });
    }

    if (info.isDirectory() && query.file === undefined) {
      const name = `${path.basename(artifact.path)}.tar`;
      const headers = { "content-type": "application/x-tar", "content-disposition": attachmentDisposition(name) };
      return { response: new Response(tarStream(artifact.path), { status: 200, headers }) };
    }

    let filePath = artifact.path;
    if (info.isDirectory()) {
      // Only paths the artifact lists are served, so `file` can never reach outside the folder.
      const listed = (artifact.files as { path: string }[]).some((file) => file.path === query.file);
      if (!listed) {
        throw new AppError("NOT_FOUND", `The artifact has no file ${query.file}; choose one of its listed files`, { reason: "finetune.artifact_file_not_found", params: { file: query.file ?? "" } });
      }
      filePath = path.join(artifact.path, query.file ?? "");
    }
    const size = (await stat(filePath)).size;
    const body = Readable.toWeb(createReadStream(filePath)) as ReadableStream<Uint8Array>;
    const headers = { "content-type": "application/octet-stream", "content-length": String(size), "content-disposition": attachmentDisposition(path.basename(filePath)) };
    return { response: new Response(body, { status: 200, headers }) };
  },
});

export const downloadLastCheckpointRoute = defineRoute({
  method: "GET",
  path: "/fine-tuning/jobs/{jobId}/checkpoint/download",
  operationId: "downloadFineTuningCheckpoint",
  summary: "Download the last good checkpoint",
  description:
    "Streams the job's newest complete checkpoint folder (weights or adapter, optimizer and trainer state) as an uncompressed tar archive. " +
    "It works while the job runs and after it failed or was cancelled, before any checkpoint artifact exists. " +
    "A job without a checkpoint is rejected with reason finetune.no_checkpoint.",
  tag: TAG,
  permission: "console.read",
  params: jobParams,
  file: { contentTypes: ["application/x-tar"], description: "The checkpoint folder as a tar archive" },
  async handler({ actor, db, params }) {
    const { folder } = await lastCheckpointFolder(db, actor, params.jobId);
    const headers = { "content-type": "application/x-tar", "content-disposition": attachmentDisposition(`${path.basename(folder)}.tar`) };
    return { response: new Response(tarStream(folder), { status: 200, headers }) };
  },
});

export const listModelVersionsRoute = defineRoute({
  method: "GET",
  path: "/model-versions",
  operationId: "listModelVersions",
  summary: "List model versions",
  description: "Trained models of the workspace, newest first: base model, adapter artifact, job, dataset version and the local model serving it.",
  tag: TAG,
  permission: "console.read",
  query: pageQuery,
  response: z.array(modelVersionResource),
  paginated: true,
  async handler({ actor, db, query }) {
    const { versions, nextCursor } = await listModelVersions(db, actor, query);
    return { data: versions.map(toModelVersionView), nextCursor };
  },
});

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const finetuneRoutes: readonly AnyRouteDefinition[] = [
  registerBaseModelRoute,
  listBaseModelsRoute,
  getBaseModelRoute,
  planJobRoute,
  launchJobRoute,
  listJobsRoute,
  getJobRoute,
  listJobEventsRoute,
  cancelJobRoute,
  listArtifactsRoute,
  downloadArtifactRoute,
  downloadLastCheckpointRoute,
  listModelVersionsRoute,
];
