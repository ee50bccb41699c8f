import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { FineTuneJob, Prisma } from "@/lib/db/generated/client";
import type { Logger } from "@/lib/log";
import { PermanentJobError } from "@/lib/queue/run-job";
import { toSafeErrorText } from "@/lib/system/error-text";
import { DatasetRowError, exportSplits, finetuneRoot } from "./dataset-export";
import { evaluationSettingsSchema, hyperparametersSchema } from "./hyperparameters";
import { startComputeClock } from "./compute-clock";
import { buildJobSpec, writeJobSpec } from "./job-spec";
import { createJobRecorder, type JobRecorder } from "./job-recorder";
import { registerModelVersion } from "./model-versions";
import type { ErrorEvent, TrainerEvent } from "./trainer-events";
import { readTrainerSettings, startTrainer, type TrainerSettings } from "./trainer-process";

export type TrainJobContext = {
  db: Db;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker stops or loses the job; the trainer is then stopped and the job retried. */
  signal?: AbortSignal;
  settings?: TrainerSettings;
  /** Milliseconds between checks for a cancel request. */
  cancelPollMs?: number;
};

/** Milliseconds a trainer gets to save its checkpoint after SIGTERM before it is killed. */
const STOP_GRACE_MS = 120_000;

/** Failure codes a job can end with: the trainer's codes and the worker's own. */
export type FailureCode = ErrorEvent["code"] | "trainer_crashed";

/** Result of one trainer run, as far as the worker can tell. */
type RunOutcome =
  | { kind: "done"; step: number }
  | { kind: "error"; event: ErrorEvent }
  | { kind: "crashed"; exitCode: number | null; signal: string | null; stderr: string[] };

/** Returns the folder of a job under LUODI_DATA_DIR/finetune, which contains the spec and the trainer's output_dir. */
export function jobFolder(jobId: string): string {
  return path.join(finetuneRoot(), "jobs", jobId);
}

/**
 * Runs (or resumes) one fine-tuning job: exports the dataset version's splits, writes the spec, runs the
 * trainer and records its events, then registers the model version. Permanent failures (bad row, out of
 * memory, missing model files, invalid spec) end the job as failed at once. A crashed trainer is retried
 * by the queue and resumes from the newest checkpoint in the same output folder.
 *
 * When the worker itself dies on the last attempt, pg-boss fails the job without calling this handler
 * again. The worker's orphan sweep (lib/finetune/orphans.ts) then fails the row with worker_lost.
 * NOTE: a queue attempt cannot run past the 24 h expiry that pg-boss allows at most, so a longer run is
 * cut off and resumed by the retry.
 */
export async function runFineTuneJob(context: TrainJobContext, jobId: string): Promise<void> {
  const { db, log } = context;
  const job = await db.fineTuneJob.findUnique({ where: { id: jobId }, include: { baseModel: true } });
  if (!job || (job.status !== "queued" && job.status !== "running")) return;
  if (job.cancelRequestedAt) {
    await finish(db, jobId, { status: "cancelled" });
    return;
  }

  const folder = jobFolder(jobId);
  const outputDir = path.join(folder, "output");
  const claimed = await db.fineTuneJob.updateMany({
    where: { id: jobId, status: { in: ["queued", "running"] } },
    data: { status: "running", stage: "data", startedAt: job.startedAt ?? new Date(), attempts: { increment: 1 }, outputDir, errorCode: null, errorMessage: null },
  });
  if (claimed.count === 0) return;

  const recorder = createJobRecorder(db, jobId);
  recorder.append("attempt", { attempt: context.attempt, maxAttempts: context.maxAttempts });
  log.info({ fineTuneJobId: jobId, attempt: context.attempt }, "finetune.attempt_started");

  const clock = startComputeClock((seconds) => addComputeSeconds(db, jobId, seconds));
  let outcome: RunOutcome;
  try {
    const specFile = await prepareSpec(db, job, folder, outputDir);
    outcome = await runTrainer(context, job, specFile, recorder);
  } catch (error) {
    await recorder.close().catch(() => undefined);
    await clock.stop();
    if (error instanceof DatasetRowError) {
      await failJob(db, jobId, "bad_row", error.message, null);
      throw new PermanentJobError(`Fine-tuning job ${jobId} failed: bad_row`, { cause: error });
    }
    throw error;
  }
  await recorder.close();
  await clock.stop();
  await settle(context, job.id, outcome);
}

/** Adds seconds to the job's compute time, which sums every attempt. */
async function addComputeSeconds(db: Db, jobId: string, seconds: number): Promise<void> {
  await db.fineTuneJob.updateMany({ where: { id: jobId }, data: { computeSeconds: { increment: seconds } } });
}

async function prepareSpec(db: Db, job: FineTuneJob & { baseModel: { localPath: string | null } }, folder: string, outputDir: string): Promise<string> {
  const files = await exportSplits(db, job.datasetVersionId, job.task);
  const spec = buildJobSpec({
    jobId: job.externalId,
    baseModelPath: job.baseModel.localPath ?? "",
    task: job.task,
    method: job.method,
    files,
    labels: job.labels,
    hyperparameters: hyperparametersSchema.parse(job.hyperparameters),
    evaluation: evaluationSettingsSchema.parse(job.evaluationSettings ?? {}),
    mergeWeights: job.mergeWeights,
    outputDir,
  });
  return writeJobSpec(folder, spec);
}

/** Runs `train` to its end, recording each event and stopping the trainer on a cancel request or worker shutdown. */
async function runTrainer(context: TrainJobContext, job: FineTuneJob, specFile: string, recorder: JobRecorder): Promise<RunOutcome> {
  const { db, log } = context;
  const settings = context.settings ?? readTrainerSettings();
  const metrics: Record<string, unknown> = { ...((job.metrics as Record<string, unknown> | null) ?? {}) };
  let terminal: RunOutcome | null = null;

  const run = startTrainer(settings, ["train", "--spec", specFile], async (event) => {
    recorder.append(event.event, event);
    terminal = (await applyEvent(db, job.id, event, recorder, metrics)) ?? terminal;
  });
  log.info({ fineTuneJobId: job.id, pid: run.pid }, "finetune.trainer_started");

  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ fineTuneJobId: job.id, why }, "finetune.trainer_stopping");
    run.terminate();
    killTimer = setTimeout(run.kill, STOP_GRACE_MS);
  };
  const onAbort = () => stop("worker_stopping");
  context.signal?.addEventListener("abort", onAbort);
  const poll = setInterval(() => {
    void db.fineTuneJob
      .findUnique({ where: { id: job.id }, select: { cancelRequestedAt: true } })
      .then((row) => {
        if (row?.cancelRequestedAt) stop("cancel_requested");
      })
      .catch((error: unknown) => log.warn({ fineTuneJobId: job.id, error: toSafeErrorText(error) }, "finetune.cancel_poll_failed"));
  }, context.cancelPollMs ?? 1_000);

  try {
    const { exitCode, signal } = await run.finished;
    log.info({ fineTuneJobId: job.id, exitCode, signal }, "finetune.trainer_exited");
    return terminal ?? { kind: "crashed", exitCode, signal, stderr: run.stderrTail() };
  } finally {
    clearInterval(poll);
    clearTimeout(killTimer);
    context.signal?.removeEventListener("abort", onAbort);
  }
}

/** Stage names of the trainer mapped to the job's pipeline stages; saving is the end of training. */
const STAGES = { data: "data", train: "train", save: "train", evaluate: "evaluate" } as const;

/** Applies one event to the job row (through the recorder) and returns the run's outcome for a done or error event. */
async function applyEvent(db: Db, jobId: string, event: TrainerEvent, recorder: JobRecorder, metrics: Record<string, unknown>): Promise<RunOutcome | null> {
  switch (event.event) {
    case "stage":
      recorder.update({ stage: STAGES[event.stage] });
      return null;
    case "start":
      recorder.update({ device: event.device, totalSteps: event.total_steps, stage: "train" });
      return null;
    case "step":
      Object.assign(metrics, { loss: event.loss, learning_rate: event.learning_rate, tokens_per_second: event.tokens_per_second, memory_mb: event.memory_mb, epoch: event.epoch });
      recorder.update({
        step: event.step,
        totalSteps: event.total_steps,
        progress: event.total_steps > 0 ? Math.min(1, event.step / event.total_steps) : 0,
        etaSeconds: event.eta_seconds,
        metrics: { ...metrics } as Prisma.InputJsonValue,
      });
      return null;
    case "eval":
      Object.assign(metrics, { eval_loss: event.eval_loss, eval_step: event.step }, Object.fromEntries(Object.entries(event.metrics).map(([key, value]) => [`eval_${key}`, value])));
      recorder.update({ metrics: { ...metrics } as Prisma.InputJsonValue });
      return null;
    case "checkpoint":
      recorder.update({ lastCheckpoint: event.path });
      return null;
    case "artifact":
      await recordArtifact(db, jobId, event);
      return null;
    case "evaluation":
      recorder.update({ evaluation: { task: event.task, split: event.split, rows: event.rows, base: event.base, tuned: event.tuned } });
      return null;
    case "done":
      recorder.update({ step: event.step, progress: 1, etaSeconds: 0 });
      return { kind: "done", step: event.step };
    case "error":
      return { kind: "error", event };
    default:
      return null;
  }
}

async function recordArtifact(db: Db, jobId: string, event: Extract<TrainerEvent, { event: "artifact" }>): Promise<void> {
  const files = event.files.map((file) => ({ path: file.path, sizeBytes: file.size_bytes, sha256: file.sha256 }));
  const fields = { sizeBytes: BigInt(event.size_bytes), sha256: event.sha256, files: files as unknown as Prisma.InputJsonValue };
  await db.fineTuneArtifact.upsert({
    where: { jobId_kind_path: { jobId, kind: event.kind, path: event.path } },
    create: { jobId, kind: event.kind, path: event.path, ...fields },
    update: fields,
  });
}

/** Codes the trainer reports for failures that a retry cannot fix. */
const PERMANENT_CODES: readonly string[] = ["out_of_memory", "bad_row", "missing_model_files", "invalid_spec"];

async function settle(context: TrainJobContext, jobId: string, outcome: RunOutcome): Promise<void> {
  const { db, log } = context;

  if (outcome.kind === "done") {
    await db.fineTuneJob.update({ where: { id: jobId }, data: { stage: "register" } });
    const job = await db.fineTuneJob.findUniqueOrThrow({ where: { id: jobId }, include: { baseModel: true } });
    const version = await registerModelVersion(db, job, job.baseModel);
    await db.fineTuneEvent.create({ data: { jobId, type: "registered", data: { modelVersionId: version.id, name: version.name, providerModelId: version.providerModelId } } });
    await finish(db, jobId, { status: "succeeded", progress: 1 });
    log.info({ fineTuneJobId: jobId, modelVersionId: version.id }, "finetune.succeeded");
    return;
  }

  const stoppedByWorker = context.signal?.aborted === true;
  const cancelRequested = (await db.fineTuneJob.findUnique({ where: { id: jobId }, select: { cancelRequestedAt: true } }))?.cancelRequestedAt != null;
  // The trainer reports "cancelled" after any SIGTERM; only a user's request makes the job cancelled.
  if (outcome.kind === "error" && outcome.event.code === "cancelled" && (cancelRequested || !stoppedByWorker)) {
    await finish(db, jobId, { status: "cancelled", lastCheckpoint: outcome.event.last_good_checkpoint ?? undefined });
    log.info({ fineTuneJobId: jobId }, "finetune.cancelled");
    return;
  }

  if (outcome.kind === "error" && PERMANENT_CODES.includes(outcome.event.code) && !stoppedByWorker) {
    await failJob(db, jobId, outcome.event.code, outcome.event.message, outcome.event.last_good_checkpoint ?? null);
    log.warn({ fineTuneJobId: jobId, code: outcome.event.code, error: outcome.event.message }, "finetune.failed");
    throw new PermanentJobError(`Fine-tuning job ${jobId} failed: ${outcome.event.code}`);
  }

  // A crash, an internal error or a worker shutdown: the queue retries and the trainer resumes.
  const detail =
    outcome.kind === "error"
      ? outcome.event.message
      : `the trainer exited with ${outcome.signal ? `signal ${outcome.signal}` : `code ${outcome.exitCode}`} before reporting a result; last output: ${outcome.stderr.slice(-5).join(" | ")}`;
  if (stoppedByWorker || context.attempt < context.maxAttempts) {
    log.warn({ fineTuneJobId: jobId, attempt: context.attempt, error: detail }, "finetune.attempt_failed");
    throw new Error(`Fine-tuning job ${jobId} attempt ${context.attempt} failed: ${detail}`);
  }
  const code: FailureCode = outcome.kind === "error" ? outcome.event.code : "trainer_crashed";
  const job = await db.fineTuneJob.findUnique({ where: { id: jobId }, select: { lastCheckpoint: true } });
  await failJob(db, jobId, code, `${detail} (gave up after ${context.attempt} attempts)`, job?.lastCheckpoint ?? null);
  log.error({ fineTuneJobId: jobId, code, error: detail }, "finetune.failed");
  throw new PermanentJobError(`Fine-tuning job ${jobId} failed after ${context.attempt} attempts: ${code}`);
}

async function failJob(db: Db, jobId: string, code: FailureCode, message: string, lastCheckpoint: string | null): Promise<void> {
  await finish(db, jobId, { status: "failed", errorCode: code, errorMessage: message.slice(0, 4000), ...(lastCheckpoint ? { lastCheckpoint } : {}) });
  await db.fineTuneEvent.create({ data: { jobId, type: "failed", data: { code, message: message.slice(0, 4000), lastCheckpoint } } });
}

/** Moves an active job to a terminal status; a job that is already finished keeps its status. */
async function finish(db: Db, jobId: string, fields: Prisma.FineTuneJobUpdateManyMutationInput & { status: "succeeded" | "failed" | "cancelled" }): Promise<void> {
  await db.fineTuneJob.updateMany({ where: { id: jobId, status: { in: ["queued", "running"] } }, data: { ...fields, etaSeconds: null, finishedAt: new Date() } });
}
