import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { DatasetType } from "@/lib/datasets/model";
import { listJobs, listModelVersions } from "./jobs";
import type { FineTuneMethodName, FineTuneTaskName } from "./hyperparameters";
import { gpuWorkerAvailable } from "./worker-device";

/*
 * Reads of the fine-tuning console that the management API does not offer in one call. Jobs and model
 * versions come with the names of the dataset, base model and job they point at. Dataset versions for the
 * launch form come with their type and split counts. Every read is scoped to the actor's workspace.
 */

/** A dataset version as the console names it: "<dataset name> v<number>". */
export type DatasetVersionLabel = { id: string; datasetId: string; datasetName: string; number: number | null };

export type JobSummary = {
  id: string;
  externalId: string;
  name: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  stage: "data" | "train" | "evaluate" | "register";
  task: FineTuneTaskName;
  method: FineTuneMethodName;
  progress: number;
  step: number;
  totalSteps: number | null;
  etaSeconds: number | null;
  baseModel: { id: string; name: string };
  /** Null when the dataset version was deleted with its dataset. */
  datasetVersion: DatasetVersionLabel | null;
  metrics: Record<string, unknown> | null;
  evaluation: Record<string, unknown> | null;
  errorCode: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type ModelVersionSummary = {
  id: string;
  name: string;
  baseModel: { id: string; name: string } | null;
  job: { id: string; name: string; externalId: string } | null;
  datasetVersion: DatasetVersionLabel | null;
  servedAsChatModel: boolean;
  createdAt: string;
};

/** A ready dataset version offered by the launch form. Split counts come from the version's statistics. */
export type DatasetVersionOption = DatasetVersionLabel & {
  type: DatasetType | null;
  multiLabel: boolean;
  labelCount: number;
  rowCount: number;
  splits: { train: number; validation: number; test: number; none: number };
  readyAt: string | null;
};

/** Most dataset versions the launch form lists, newest first. */
export const MAX_VERSION_OPTIONS = 200;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

async function datasetVersionLabels(db: Db, actor: Actor, ids: string[]): Promise<Map<string, DatasetVersionLabel>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();

  const versions = await db.datasetVersion.findMany({
    where: { id: { in: unique }, dataset: { workspaceId: actor.workspaceId } },
    select: { id: true, datasetId: true, number: true, dataset: { select: { name: true } } },
  });
  return new Map(versions.map((version) => [version.id, { id: version.id, datasetId: version.datasetId, datasetName: version.dataset.name, number: version.number }]));
}

/** Returns the name of the dataset version a job trains on; null when the job or the version is gone. */
export async function jobDatasetVersionLabel(db: Db, actor: Actor, jobId: string): Promise<DatasetVersionLabel | null> {
  const job = await db.fineTuneJob.findFirst({ where: { id: jobId, workspaceId: actor.workspaceId }, select: { datasetVersionId: true } });
  if (!job) return null;
  const labels = await datasetVersionLabels(db, actor, [job.datasetVersionId]);
  return labels.get(job.datasetVersionId) ?? null;
}

/** Lists the workspace's jobs newest first, each with its dataset version's name. */
export async function listJobSummaries(db: Db, actor: Actor, options: { limit: number; before?: string }) {
  const { jobs, nextCursor } = await listJobs(db, actor, options);
  const labels = await datasetVersionLabels(db, actor, jobs.map((job) => job.datasetVersionId));

  const summaries: JobSummary[] = jobs.map((job) => ({
    id: job.id,
    externalId: job.externalId,
    name: job.name,
    status: job.status,
    stage: job.stage,
    task: job.task,
    method: job.method,
    progress: job.progress,
    step: job.step,
    totalSteps: job.totalSteps,
    etaSeconds: job.etaSeconds,
    baseModel: job.baseModel,
    datasetVersion: labels.get(job.datasetVersionId) ?? null,
    metrics: job.metrics as Record<string, unknown> | null,
    evaluation: job.evaluation as Record<string, unknown> | null,
    errorCode: job.errorCode,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  }));
  return { jobs: summaries, nextCursor };
}

/** Lists the workspace's model versions newest first, with the names of their base model, job and dataset version. */
export async function listModelVersionSummaries(db: Db, actor: Actor, options: { limit: number; before?: string }) {
  const { versions, nextCursor } = await listModelVersions(db, actor, options);
  const baseModelIds = [...new Set(versions.map((version) => version.baseModelId))];
  const jobIds = versions.map((version) => version.jobId);

  const [baseModels, jobs, labels] = await Promise.all([
    db.baseModel.findMany({ where: { id: { in: baseModelIds }, workspaceId: actor.workspaceId }, select: { id: true, name: true } }),
    db.fineTuneJob.findMany({ where: { id: { in: jobIds }, workspaceId: actor.workspaceId }, select: { id: true, name: true, externalId: true } }),
    datasetVersionLabels(db, actor, versions.map((version) => version.datasetVersionId)),
  ]);
  const baseModelById = new Map(baseModels.map((model) => [model.id, model]));
  const jobById = new Map(jobs.map((job) => [job.id, job]));

  const summaries: ModelVersionSummary[] = versions.map((version) => ({
    id: version.id,
    name: version.name,
    baseModel: baseModelById.get(version.baseModelId) ?? null,
    job: jobById.get(version.jobId) ?? null,
    datasetVersion: labels.get(version.datasetVersionId) ?? null,
    servedAsChatModel: version.providerModelId !== null,
    createdAt: version.createdAt.toISOString(),
  }));
  return { versions: summaries, nextCursor };
}

type StoredStats = { perSplit?: Partial<Record<"train" | "validation" | "test" | "none", number>>; labelCount?: number } | null;

/**
 * Lists the ready versions of the workspace's datasets that are not archived, newest first, and whether a
 * live worker has a CUDA GPU (QLoRA needs one). Versions of every dataset type are listed, so the form can
 * explain why a type does not fit the chosen task instead of hiding the version.
 */
export async function listLaunchOptions(db: Db, actor: Actor) {
  const versions = await db.datasetVersion.findMany({
    where: { status: "ready", dataset: { workspaceId: actor.workspaceId, archivedAt: null } },
    orderBy: [{ readyAt: "desc" }, { createdAt: "desc" }],
    take: MAX_VERSION_OPTIONS,
    select: {
      id: true,
      datasetId: true,
      number: true,
      rowCount: true,
      stats: true,
      readyAt: true,
      dataset: { select: { name: true, type: true, multiLabel: true, labelSet: true } },
    },
  });

  const datasetVersions: DatasetVersionOption[] = versions.map((version) => {
    const stats = version.stats as StoredStats;
    const split = (name: "train" | "validation" | "test" | "none") => stats?.perSplit?.[name] ?? 0;
    return {
      id: version.id,
      datasetId: version.datasetId,
      datasetName: version.dataset.name,
      number: version.number,
      type: version.dataset.type,
      multiLabel: version.dataset.multiLabel,
      labelCount: version.dataset.labelSet.length > 0 ? version.dataset.labelSet.length : (stats?.labelCount ?? 0),
      rowCount: version.rowCount,
      splits: { train: split("train"), validation: split("validation"), test: split("test"), none: split("none") },
      readyAt: iso(version.readyAt),
    };
  });
  return { datasetVersions, gpuWorkerAvailable: await gpuWorkerAvailable(db) };
}
