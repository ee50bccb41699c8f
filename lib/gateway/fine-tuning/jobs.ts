import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { cancelJob } from "@/lib/finetune/jobs";
import { launchJob } from "@/lib/finetune/launch";
import { modelVersionName } from "@/lib/finetune/model-versions";
import { launchJobInput } from "@/lib/finetune/schemas";
import { GatewayError, invalidRequest } from "../respond";
import { withOpenAiErrors } from "./errors";
import { findFile } from "./files";
import type { JobRequest } from "./job-request";
import type { JobWithBase } from "./job-view";
import type { FineTuningDeps } from "./settings";
import { buildTrainingVersion } from "./training-version";

export function jobNotFound(jobId: string): GatewayError {
  return new GatewayError(404, {
    message: `No fine-tuning job with id ${JSON.stringify(jobId.slice(0, 80))} exists in this workspace. GET /v1/fine_tuning/jobs lists the jobs created through this API.`,
    type: "invalid_request_error",
    param: null,
    code: "fine_tuning_job_not_found",
  });
}

/** Finds a job created through the gateway in the workspace, by its ftjob- id. */
export async function findApiJob(db: Db, workspaceId: string, externalId: string): Promise<JobWithBase> {
  const job = await db.fineTuneJob.findFirst({ where: { externalId, workspaceId, apiKeyId: { not: null } }, include: { baseModel: { select: { name: true } } } });
  if (!job) throw jobNotFound(externalId);
  return job;
}

async function findBaseModel(db: Db, workspaceId: string, name: string) {
  const baseModel = await db.baseModel.findFirst({ where: { workspaceId, name } });
  if (!baseModel) {
    const known = await db.baseModel.findMany({ where: { workspaceId, status: "ready" }, select: { name: true }, orderBy: { name: "asc" }, take: 20 });
    const list = known.length > 0 ? `Registered base models: ${known.map((model) => model.name).join(", ")}.` : "No base model is registered yet; register one in the Luodi console under Fine-tuning.";
    throw invalidRequest(`The model ${JSON.stringify(name.slice(0, 200))} is not a registered base model in this workspace. ${list}`, "model", "model_not_found");
  }
  if (baseModel.status !== "ready") {
    throw invalidRequest(`The base model ${baseModel.name} is ${baseModel.status}${baseModel.error ? ` (${baseModel.error})` : ""}, so it cannot be trained yet. Wait for its download to finish, or register it again.`, "model", "model_not_ready");
  }
  return baseModel;
}

async function requireFile(db: Db, workspaceId: string, fileId: string, param: string) {
  const file = await findFile(db, workspaceId, fileId);
  if (!file) {
    throw invalidRequest(`The file ${JSON.stringify(fileId.slice(0, 80))} given as ${param} does not exist in this workspace or was deleted. Upload it with POST /v1/files and use the returned id.`, param, "file_not_found");
  }
  if (file.purpose !== "fine-tune") throw invalidRequest(`The file ${file.externalId} has purpose ${file.purpose}; upload it with purpose "fine-tune".`, param, "invalid_file_purpose");
  return file;
}

/**
 * Creates a LoRA chat SFT job from uploaded files. The files' rows become one dataset version (train and
 * validation splits), and the job is launched through the console's launch path, so every launch check
 * and the trainer's plan apply. The job row then records the API key and the files it came from.
 */
export async function createApiJob(db: Db, deps: FineTuningDeps, actor: Actor & { apiKeyId: string }, request: JobRequest) {
  const baseModel = await findBaseModel(db, actor.workspaceId, request.model);
  const training = await requireFile(db, actor.workspaceId, request.trainingFile, "training_file");
  const validation = request.validationFile ? await requireFile(db, actor.workspaceId, request.validationFile, "validation_file") : null;

  const datasetVersionId = await buildTrainingVersion(db, { training, validation, seed: request.seed, createdById: null });
  const input = launchJobInput.parse({
    name: request.suffix ?? `${baseModel.name} on ${training.filename}`.slice(0, 200),
    baseModelId: baseModel.id,
    datasetVersionId,
    task: "chat_sft",
    method: "lora",
    hyperparameters: request.hyperparameters,
  });
  const launched = await withOpenAiErrors(() => launchJob(db, deps.enqueue, actor, input, deps.trainerSettings()));

  // launch.ts has no fields for the gateway's origin, so they are set right after; the queued
  // training does not read them.
  const job = await db.fineTuneJob.update({
    where: { id: launched.job.id },
    data: { apiKeyId: actor.apiKeyId, trainingFileId: training.id, validationFileId: validation?.id ?? null },
    include: { baseModel: { select: { name: true } } },
  });
  const audit: AuditEntry = {
    ...launched.audit,
    changes: { ...launched.audit.changes, externalId: job.externalId, trainingFile: training.externalId, validationFile: validation?.externalId ?? null, seed: request.seed },
  };
  return { job, audit };
}

/** Lists the workspace's jobs created through the gateway, newest first; `after` is the last job id of the previous page. */
export async function listApiJobs(db: Db, workspaceId: string, options: { after: string | null; limit: number }) {
  const cursor = options.after ? await findApiJob(db, workspaceId, options.after) : null;
  const jobs = await db.fineTuneJob.findMany({
    where: {
      workspaceId,
      apiKeyId: { not: null },
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    include: { baseModel: { select: { name: true } } },
  });
  return { jobs: jobs.slice(0, options.limit), hasMore: jobs.length > options.limit };
}

/** Cancels a queued or running job; a finished job gets a 400 naming its status, as OpenAI's API does. */
export async function cancelApiJob(db: Db, actor: Actor, job: JobWithBase) {
  if (job.status !== "queued" && job.status !== "running") {
    throw invalidRequest(`The job ${job.externalId} is already ${job.status}, so it cannot be cancelled.`, null, "job_not_active");
  }
  const { audit } = await withOpenAiErrors(() => cancelJob(db, actor, job.id));
  const updated = await findApiJob(db, actor.workspaceId, job.externalId);
  return { job: updated, audit };
}

/** Returns the model name a job's checkpoints are reported under, which is its model version's name once trained. */
export function checkpointModelName(job: JobWithBase): string {
  return modelVersionName(job.baseModel.name, job.externalId);
}
