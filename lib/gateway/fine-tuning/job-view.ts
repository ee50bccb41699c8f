import type { Db } from "@/lib/db/client";
import type { FineTuneJob } from "@/lib/db/generated/client";
import { hyperparametersSchema } from "@/lib/finetune/hyperparameters";
import { BASE_LEARNING_RATE } from "./job-request";

export type JobWithBase = FineTuneJob & { baseModel: { name: string } };

/** Fields of a job object that the job row lacks: its files' public ids, model version and trained tokens. */
type JobExtras = { trainingFile: string | null; validationFile: string | null; fineTunedModel: string | null; trainedTokens: number | null };

function seconds(date: Date | null): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}

/** Returns the request parameter a client can fix for a job failure code, or null. */
function errorParam(code: string | null): string | null {
  return code === "bad_row" ? "training_file" : null;
}

/** Builds the OpenAI fine_tuning.job object of a job. */
export function toJobObject(job: JobWithBase, extras: JobExtras) {
  const hyperparameters = hyperparametersSchema.parse(job.hyperparameters);
  const openAiHyperparameters = {
    n_epochs: hyperparameters.epochs,
    batch_size: hyperparameters.batch_size,
    learning_rate_multiplier: Math.round((hyperparameters.learning_rate / BASE_LEARNING_RATE) * 1e6) / 1e6,
  };
  const estimatedFinish = job.status === "running" && job.etaSeconds !== null ? Math.floor(Date.now() / 1000 + job.etaSeconds) : null;

  return {
    object: "fine_tuning.job" as const,
    id: job.externalId,
    model: job.baseModel.name,
    created_at: seconds(job.createdAt)!,
    finished_at: seconds(job.finishedAt),
    fine_tuned_model: extras.fineTunedModel,
    organization_id: job.workspaceId,
    result_files: [] as string[],
    status: job.status,
    training_file: extras.trainingFile,
    validation_file: extras.validationFile,
    hyperparameters: openAiHyperparameters,
    trained_tokens: extras.trainedTokens,
    error: job.status === "failed" ? { code: job.errorCode ?? "failed", message: job.errorMessage ?? "The job failed.", param: errorParam(job.errorCode) } : null,
    seed: hyperparameters.seed,
    estimated_finish: estimatedFinish,
    integrations: [] as unknown[],
    metadata: null,
    method: { type: "supervised" as const, supervised: { hyperparameters: openAiHyperparameters } },
  };
}

export type JobObject = ReturnType<typeof toJobObject>;

/**
 * Estimates the tokens a succeeded job trained on: the train split's tokens times the epochs reached.
 * NOTE: row tokens are counted with Luodi's dataset tokenizer (gpt-tokenizer), not the base model's, so
 * this is an estimate.
 */
async function trainedTokens(db: Db, job: FineTuneJob): Promise<number | null> {
  if (job.status !== "succeeded") return null;
  const [row] = await db.$queryRaw<{ tokens: bigint | null }[]>`
    SELECT sum(tokens) AS tokens FROM "DatasetRow"
    WHERE "versionId" = ${job.datasetVersionId} AND split = 'train' AND review IS DISTINCT FROM 'rejected'`;
  const epochs = Number((job.metrics as { epoch?: unknown } | null)?.epoch ?? 0);
  return Math.round(Number(row?.tokens ?? 0) * (Number.isFinite(epochs) && epochs > 0 ? epochs : 1));
}

/** Loads what the job objects of `jobs` need and builds them, in the order given. */
export async function toJobObjects(db: Db, jobs: JobWithBase[]): Promise<JobObject[]> {
  const fileIds = jobs.flatMap((job) => [job.trainingFileId, job.validationFileId]).filter((id): id is string => id !== null);
  const [files, versions] = await Promise.all([
    db.gatewayFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, externalId: true } }),
    db.modelVersion.findMany({ where: { jobId: { in: jobs.map((job) => job.id) } }, select: { jobId: true, name: true } }),
  ]);
  const externalIdOf = new Map(files.map((file) => [file.id, file.externalId]));
  const modelOf = new Map(versions.map((version) => [version.jobId, version.name]));

  return Promise.all(
    jobs.map(async (job) =>
      toJobObject(job, {
        trainingFile: job.trainingFileId ? (externalIdOf.get(job.trainingFileId) ?? null) : null,
        validationFile: job.validationFileId ? (externalIdOf.get(job.validationFileId) ?? null) : null,
        fineTunedModel: modelOf.get(job.id) ?? null,
        trainedTokens: await trainedTokens(db, job),
      }),
    ),
  );
}
