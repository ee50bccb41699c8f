import type { JobWithMetadata, PgBoss } from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";
import type { QueueName } from "@/lib/queue/contract";
import { toSafeErrorText } from "@/lib/system/error-text";

/*
 * Reconciles fine-tuning rows with the queue. pg-boss retries a job whose worker was killed, but when the
 * worker dies during the last attempt (or the attempt outlives the queue's expiry), pg-boss fails the job
 * and dead-letters it without calling our handler again. The FineTuneJob would then stay "running" and the
 * BaseModel "downloading" forever, so this sweep fails every such row that no live queue job can still move.
 */

/** Queue job states in which pg-boss will still run the handler: waiting, waiting for a retry, running. */
const LIVE_STATES: ReadonlySet<string> = new Set(["created", "retry", "active"]);

/**
 * Milliseconds a row must exist before it can be failed. Launching a job or registering a hub model
 * stores the row first and sends the queue job right after, so a row this young may not have one yet.
 */
export const ORPHAN_GRACE_MS = 5 * 60_000;

/** Milliseconds between sweeps in the worker. */
export const ORPHAN_SWEEP_INTERVAL_MS = 5 * 60_000;

/** Rows checked per sweep and per kind. A backlog beyond it waits for the next sweeps. */
const SWEEP_BATCH = 100;

/** Failure codes this sweep gives a fine-tuning job. components/finetune/job/FailurePanel.tsx translates them. */
export type OrphanFailureCode = "worker_lost" | "queue_lost";

export type OrphanSweepOptions = {
  /** Current time. Tests move it forward instead of waiting out the grace period. */
  now?: Date;
  graceMs?: number;
};

export type OrphanSweepResult = {
  failedJobs: string[];
  cancelledJobs: string[];
  failedBaseModels: string[];
};

/** Summary of the queue jobs that pg-boss still keeps for one entity. */
type QueueTrace = {
  live: boolean;
  /** The queue ran the job and gave up on it: at least one of its jobs for the entity is in state failed. */
  gaveUp: boolean;
  /** The error pg-boss stored on the newest failed job, such as "job heartbeat timeout". */
  lastError: string | null;
};

/**
 * Fails fine-tuning jobs (queued or running) and base models (downloading) that no live queue job will
 * run any more, and logs each one. A job with a cancel request is marked cancelled instead, because the
 * user asked it to stop and it has stopped. Rows younger than the grace period are left alone.
 */
export async function sweepOrphans(db: Db, boss: PgBoss, log: Logger, options: OrphanSweepOptions = {}): Promise<OrphanSweepResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? ORPHAN_GRACE_MS));
  const jobs = await sweepJobs(db, boss, log, cutoff);
  const failedBaseModels = await sweepDownloads(db, boss, log, cutoff);
  return { ...jobs, failedBaseModels };
}

async function sweepJobs(db: Db, boss: PgBoss, log: Logger, cutoff: Date): Promise<Omit<OrphanSweepResult, "failedBaseModels">> {
  const result = { failedJobs: [] as string[], cancelledJobs: [] as string[] };
  const jobs = await db.fineTuneJob.findMany({
    where: { status: { in: ["queued", "running"] }, createdAt: { lt: cutoff } },
    select: { id: true, attempts: true, lastCheckpoint: true, cancelRequestedAt: true },
    orderBy: { createdAt: "asc" },
    take: SWEEP_BATCH,
  });

  for (const job of jobs) {
    const trace = await traceQueueJobs(boss, "finetune.train", { jobId: job.id });
    if (trace.live) continue;

    if (job.cancelRequestedAt) {
      if (!(await cancelOrphanedJob(db, job.id))) continue;
      result.cancelledJobs.push(job.id);
      log.info({ fineTuneJobId: job.id }, "finetune.orphan_cancelled");
      continue;
    }

    // Without any sign that an attempt ran, the job most likely never reached the queue.
    const code: OrphanFailureCode = trace.gaveUp || job.attempts > 0 ? "worker_lost" : "queue_lost";
    const message = describeLostJob(code, job.lastCheckpoint, trace.lastError);
    if (!(await failOrphanedJob(db, job.id, code, message, job.lastCheckpoint))) continue;
    result.failedJobs.push(job.id);
    log.warn({ fineTuneJobId: job.id, code, attempts: job.attempts, queueError: trace.lastError }, "finetune.orphan_failed");
  }
  return result;
}

async function sweepDownloads(db: Db, boss: PgBoss, log: Logger, cutoff: Date): Promise<string[]> {
  const failed: string[] = [];
  // updatedAt moves with every progress write, so it also shows how long the row has had no progress.
  const models = await db.baseModel.findMany({
    where: { status: "downloading", updatedAt: { lt: cutoff } },
    select: { id: true },
    orderBy: { updatedAt: "asc" },
    take: SWEEP_BATCH,
  });

  for (const model of models) {
    const trace = await traceQueueJobs(boss, "finetune.download", { baseModelId: model.id });
    if (trace.live) continue;

    if (!(await failOrphanedDownload(db, model.id, describeLostDownload(trace)))) continue;
    failed.push(model.id);
    log.warn({ baseModelId: model.id, queueError: trace.lastError }, "finetune.orphan_download_failed");
  }
  return failed;
}

/**
 * Reads every job of the queue whose payload contains `data`. pg-boss 12's findJobs matches the payload
 * with jsonb containment, so this needs no SQL against pg-boss's own tables. It returns jobs in every
 * state until pg-boss deletes them (deleteAfterSeconds after they finish, 7 days for these queues).
 */
async function traceQueueJobs(boss: PgBoss, queue: QueueName, data: Record<string, string>): Promise<QueueTrace> {
  const found: JobWithMetadata<unknown>[] = await boss.findJobs(queue, { data, limit: 100 });
  const failed = found.filter((job) => job.state === "failed").sort((a, b) => b.createdOn.getTime() - a.createdOn.getTime());
  return {
    live: found.some((job) => LIVE_STATES.has(job.state)),
    gaveUp: failed.length > 0,
    lastError: failed[0] ? queueErrorText(failed[0].output) : null,
  };
}

/** pg-boss stores the failure as `{ message }`, or under `value` when it failed the job itself. */
function queueErrorText(output: unknown): string | null {
  if (!output || typeof output !== "object") return null;
  const record = output as { message?: unknown; value?: { message?: unknown } };
  const message = typeof record.message === "string" ? record.message : record.value?.message;
  return typeof message === "string" ? toSafeErrorText(message, 500) : null;
}

function describeLostJob(code: OrphanFailureCode, lastCheckpoint: string | null, queueError: string | null): string {
  const cause =
    code === "worker_lost"
      ? "The worker stopped during every attempt, so the queue gave up on the job. This often means the machine ran out of memory or the worker process was killed."
      : "The job left the queue without running: it was never queued, or it waited longer than the queue keeps a job. Launch the job again.";
  const checkpoint = lastCheckpoint
    ? ` The last checkpoint is kept at ${lastCheckpoint}: download it from the job page, or launch the job again.`
    : code === "worker_lost"
      ? " No checkpoint was saved before the worker stopped."
      : "";
  const detail = queueError ? ` Last queue error: ${queueError}.` : "";
  return `${cause}${checkpoint}${detail}`;
}

function describeLostDownload(trace: QueueTrace): string {
  const cause = trace.gaveUp
    ? "The download stopped because the worker stopped during every attempt, which often means the machine ran out of memory or the worker process was killed."
    : "The download left the queue without finishing: it was never queued, or its queue job was deleted.";
  const detail = trace.lastError ? ` Last queue error: ${trace.lastError}.` : "";
  return `${cause} Files already downloaded are kept, so registering the model again under another name resumes the download.${detail}`;
}

/**
 * Marks the job failed and records an "error" event that the job page shows like a trainer error, in one
 * transaction. The status compare-and-set makes a concurrent sweep in another worker (or the job's own
 * handler finishing first) leave the row alone. Returns whether this call changed the row.
 */
async function failOrphanedJob(db: Db, jobId: string, code: OrphanFailureCode, message: string, lastCheckpoint: string | null): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.fineTuneJob.updateMany({
      where: { id: jobId, status: { in: ["queued", "running"] } },
      data: { status: "failed", errorCode: code, errorMessage: message, etaSeconds: null, finishedAt: new Date() },
    });
    if (count === 0) return false;

    // The keys match the trainer's error event, which components/finetune/job/job-timeline.ts reads.
    await tx.fineTuneEvent.create({ data: { jobId, type: "error", data: { code, message, last_good_checkpoint: lastCheckpoint } } });
    return true;
  });
}

async function cancelOrphanedJob(db: Db, jobId: string): Promise<boolean> {
  const { count } = await db.fineTuneJob.updateMany({
    where: { id: jobId, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", etaSeconds: null, finishedAt: new Date() },
  });
  return count > 0;
}

async function failOrphanedDownload(db: Db, modelId: string, message: string): Promise<boolean> {
  const { count } = await db.baseModel.updateMany({ where: { id: modelId, status: "downloading" }, data: { status: "failed", error: message.slice(0, 2_000) } });
  return count > 0;
}
