import type { JobResult, JobWithMetadata } from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";
import { redactUrlCredentials, toSafeErrorText } from "@/lib/system/error-text";
import { describeIssues, type QueueDefinition } from "./contract";

/**
 * A failure that retrying cannot fix: invalid input, a missing entity, a rejected configuration.
 * The job fails at once without retries and goes to its queue's dead-letter queue.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export type JobContext = {
  jobId: string;
  queue: string;
  /** 1 for the first run, 2 for the first retry, and so on. */
  attempt: number;
  /** Carries queue, jobId and attempt on every line. */
  log: Logger;
  /** Aborted when pg-boss fails this attempt itself (expiry, shutdown, lost claim); long handlers should stop then. */
  signal: AbortSignal;
};

export type JobHandler<Payload> = (payload: Payload, context: JobContext) => Promise<unknown>;

export type JobOutcome = "succeeded" | "retrying" | "failed";

export type RunJobDeps = { db: Db; log: Logger };

/**
 * Runs one job attempt through its handler. This is the only path from pg-boss into handler code: it
 * validates the payload, logs start and end with the job's ids, measures wait and run time, records a
 * JobRun row, and returns the settlement for pg-boss.
 *
 * Settlement (pg-boss 12, `work()` with perJobResults): success is "completed". A PermanentJobError
 * (or an invalid payload) is "deadletter", which fails the job now, skipping remaining retries, and
 * copies it to the dead-letter queue. Any other error is "failed", which pg-boss retries after the
 * queue's delay and backoff until retryLimit, then fails and dead-letters.
 */
export async function runJob<Payload>(
  deps: RunJobDeps,
  definition: QueueDefinition,
  job: JobWithMetadata<unknown>,
  handler: JobHandler<Payload>,
): Promise<JobResult> {
  const attempt = job.retryCount + 1;
  const log = deps.log.child({ queue: job.name, jobId: job.id, attempt });
  const waitMs = measureWaitMs(job);
  log.info({ waitMs }, "job.started");

  const started = performance.now();
  let error: unknown;
  try {
    const parsed = definition.schema.safeParse(job.data);
    if (!parsed.success) {
      // A payload that fails its schema now will fail it on every retry too.
      throw new PermanentJobError(`Invalid payload: ${describeIssues(parsed.error.issues)}`);
    }
    await handler(parsed.data as Payload, { jobId: job.id, queue: job.name, attempt, log, signal: job.signal });
  } catch (caught) {
    error = caught ?? new Error("handler threw an empty value");
  }
  const runMs = Math.round(performance.now() - started);

  // pg-boss aborts the signal once it has failed this attempt itself (expiry, shutdown, lost claim).
  // It then ignores whatever is returned here and retries or fails the job by the queue's policy.
  const abandoned = job.signal.aborted;
  if (abandoned) error = abandonedError(job, runMs);

  const permanent = !abandoned && error instanceof PermanentJobError;
  const outcome = classifyOutcome(error, permanent, job);
  const errorText = error ? toSafeErrorText(error) : null;

  await recordJobRun(deps.db, log, { queue: job.name, jobId: job.id, attempt, outcome, waitMs, runMs, error: errorText });
  logOutcome(log, { outcome, waitMs, runMs, errorText, permanent, error });

  if (!error) return { id: job.id, status: "completed" };
  const output = { message: errorText, permanent, attempt };
  return { id: job.id, status: permanent ? "deadletter" : "failed", output };
}

/** Describes why pg-boss aborted an attempt; its signal's own reason is a bare AbortError. */
function abandonedError(job: JobWithMetadata<unknown>, runMs: number): Error {
  if (runMs >= job.expireInSeconds * 1000) {
    return new Error(`Attempt ran ${runMs} ms, past the queue's expireInSeconds of ${job.expireInSeconds} s`);
  }
  return new Error("pg-boss aborted the attempt because the worker is stopping or lost its claim on the job");
}

function classifyOutcome(error: unknown, permanent: boolean, job: JobWithMetadata<unknown>): JobOutcome {
  if (!error) return "succeeded";
  if (!permanent && job.retryCount < job.retryLimit) return "retrying";
  return "failed";
}

/**
 * Milliseconds between the attempt becoming runnable and a worker claiming it. A retry or a deferred
 * job becomes runnable at startAfter, not at createdOn, so measuring from createdOn would count the
 * backoff delay as queueing. Both times come from the database clock.
 */
function measureWaitMs(job: JobWithMetadata<unknown>): number {
  const runnableAt = Math.max(job.createdOn.getTime(), job.startAfter.getTime());
  return Math.max(0, job.startedOn.getTime() - runnableAt);
}

type JobRunRow = { queue: string; jobId: string; attempt: number; outcome: JobOutcome; waitMs: number; runMs: number; error: string | null };

async function recordJobRun(db: Db, log: Logger, row: JobRunRow): Promise<void> {
  try {
    await db.jobRun.create({ data: row });
  } catch (recordError) {
    // The job's own outcome still goes to pg-boss; only the observation row is missing.
    log.error({ error: toSafeErrorText(recordError) }, "job.record_failed");
  }
}

function logOutcome(
  log: Logger,
  fields: { outcome: JobOutcome; waitMs: number; runMs: number; errorText: string | null; permanent: boolean; error: unknown },
): void {
  const { outcome, waitMs, runMs, errorText, permanent, error } = fields;
  if (outcome === "succeeded") {
    log.info({ waitMs, runMs }, "job.succeeded");
    return;
  }

  const stack = error instanceof Error && error.stack ? redactUrlCredentials(error.stack) : undefined;
  if (outcome === "retrying") {
    log.warn({ waitMs, runMs, error: errorText, stack }, "job.retrying");
    return;
  }
  log.error({ waitMs, runMs, error: errorText, stack, permanent }, "job.failed");
}
