import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const ACTIVE_STATUSES = ["queued", "running"] as const;

export function jobNotFound(): AppError {
  return new AppError("NOT_FOUND", "No such fine-tuning job in this workspace", { reason: "finetune.job_not_found" });
}

/** Finds a job by its id or its external "ftjob-" id, within the actor's workspace. */
export async function getJob(db: Db, actor: Actor, jobId: string) {
  const job = await db.fineTuneJob.findFirst({
    where: { workspaceId: actor.workspaceId, OR: [{ id: jobId }, { externalId: jobId }] },
    include: { baseModel: { select: { id: true, name: true } } },
  });
  if (!job) throw jobNotFound();
  return job;
}

/** Lists the workspace's jobs, newest first. `before` is the id of the last job of the previous page. */
export async function listJobs(db: Db, actor: Actor, options: { limit: number; before?: string }) {
  const cursor = options.before ? await db.fineTuneJob.findFirst({ where: { id: options.before, workspaceId: actor.workspaceId }, select: { createdAt: true } }) : null;
  const jobs = await db.fineTuneJob.findMany({
    where: { workspaceId: actor.workspaceId, ...(cursor ? { createdAt: { lt: cursor.createdAt } } : {}) },
    orderBy: { createdAt: "desc" },
    take: options.limit + 1,
    include: { baseModel: { select: { id: true, name: true } } },
  });
  const page = jobs.slice(0, options.limit);
  return { jobs: page, nextCursor: jobs.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Events of a job after sequence number `after`, oldest first, for live polling. */
export async function listJobEvents(db: Db, actor: Actor, jobId: string, options: { after: bigint; limit: number }) {
  const job = await getJob(db, actor, jobId);
  const events = await db.fineTuneEvent.findMany({ where: { jobId: job.id, seq: { gt: options.after } }, orderBy: { seq: "asc" }, take: options.limit });
  return { job, events };
}

/**
 * Cancels a job. A queued job is cancelled at once. A running one gets cancelRequestedAt: its worker
 * notices within a second, stops the trainer with SIGTERM, and the trainer saves a checkpoint and exits.
 */
export async function cancelJob(db: Db, actor: Actor, jobId: string) {
  const job = await getJob(db, actor, jobId);
  if (!(ACTIVE_STATUSES as readonly string[]).includes(job.status)) {
    throw new AppError("CONFLICT", `The job is already ${job.status}`, { reason: "finetune.job_not_active", params: { status: job.status } });
  }

  const now = new Date();
  // Compare-and-set on the status, so a worker that just claimed the job is never overwritten with "cancelled".
  await db.fineTuneJob.updateMany({ where: { id: job.id, status: "queued" }, data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now } });
  await db.fineTuneJob.updateMany({ where: { id: job.id, status: "running", cancelRequestedAt: null }, data: { cancelRequestedAt: now } });
  await db.fineTuneEvent.create({ data: { jobId: job.id, type: "cancel_requested", data: { by: actor.userId } } });

  const updated = await getJob(db, actor, job.id);
  const audit: AuditEntry = { action: "finetune.job_cancel", targetType: "finetune_job", targetId: job.id, changes: cancelChanges(job, updated) };
  return { job: updated, audit };
}

type CancelState = { status: string; cancelRequestedAt: Date | null };

/**
 * Describes what a cancel changed, for the audit log. A queued job changes status; a running one keeps running
 * until its worker stops the trainer, so the change is the cancel request.
 */
export function cancelChanges(before: CancelState, after: CancelState): Record<string, { from: unknown; to: unknown }> {
  if (before.status !== after.status) return { status: { from: before.status, to: after.status } };
  return { cancelRequested: { from: before.cancelRequestedAt !== null, to: after.cancelRequestedAt !== null } };
}

export async function listArtifacts(db: Db, actor: Actor, jobId: string) {
  const job = await getJob(db, actor, jobId);
  return db.fineTuneArtifact.findMany({ where: { jobId: job.id }, orderBy: [{ createdAt: "asc" }, { kind: "asc" }] });
}

export async function getArtifact(db: Db, actor: Actor, jobId: string, artifactId: string) {
  const job = await getJob(db, actor, jobId);
  const artifact = await db.fineTuneArtifact.findFirst({ where: { id: artifactId, jobId: job.id } });
  if (!artifact) throw new AppError("NOT_FOUND", "No such artifact in this job", { reason: "finetune.artifact_not_found" });
  return artifact;
}

export async function listModelVersions(db: Db, actor: Actor, options: { limit: number; before?: string }) {
  const cursor = options.before ? await db.modelVersion.findFirst({ where: { id: options.before, workspaceId: actor.workspaceId }, select: { createdAt: true } }) : null;
  const versions = await db.modelVersion.findMany({
    where: { workspaceId: actor.workspaceId, ...(cursor ? { createdAt: { lt: cursor.createdAt } } : {}) },
    orderBy: { createdAt: "desc" },
    take: options.limit + 1,
  });
  const page = versions.slice(0, options.limit);
  return { versions: page, nextCursor: versions.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}
