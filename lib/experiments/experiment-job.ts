import type { DatasetType } from "@/lib/datasets/model";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import type { Logger } from "@/lib/log";
import type { Strategy } from "@/lib/prompts/types";
import { loadVersionSpec } from "@/lib/prompts/versions";
import { resolveModelTarget } from "@/lib/providers/target";
import { PermanentJobError } from "@/lib/queue/run-job";
import { toSafeErrorText } from "@/lib/system/error-text";
import { ExperimentFailure, type FailureCode } from "./failures";
import { createProgressThrottle, writeProgress, type ProgressVariant } from "./progress";
import { createRateLimiter } from "./rate-limit";
import { loadExperimentRows, type ExperimentRow } from "./rows";
import { runRow, type RunContext, type VariantPlan } from "./run-row";
import { experimentConfigSchema, type ExperimentConfig } from "./schemas";

export type ExperimentJobContext = {
  db: Db;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker stops or loses the job; the runner then stops taking rows and rethrows. */
  signal?: AbortSignal;
};

type LoadedExperiment = NonNullable<Awaited<ReturnType<typeof loadExperiment>>>;

function loadExperiment(db: Db, experimentId: string) {
  return db.experiment.findUnique({ where: { id: experimentId }, include: { variants: { orderBy: { position: "asc" } } } });
}

/**
 * Runs (or resumes) one prompt experiment; finished rows are skipped on retry. Rows run `concurrency` at
 * a time through a per-provider rate limiter, each result is stored as soon as its row finishes, and the
 * experiment's counters, heartbeat and variant summaries are refreshed as rows complete.
 */
export async function runExperimentJob(context: ExperimentJobContext, experimentId: string): Promise<void> {
  const { db, log } = context;
  const experiment = await loadExperiment(db, experimentId);
  if (!experiment || (experiment.status !== "queued" && experiment.status !== "running")) return;
  if (experiment.cancelRequested) {
    await finish(db, experimentId, "cancelled", null);
    return;
  }

  const claimed = await db.experiment.updateMany({
    where: { id: experimentId, status: { in: ["queued", "running"] } },
    data: { status: "running", startedAt: experiment.startedAt ?? new Date(), heartbeatAt: new Date(), error: null },
  });
  if (claimed.count === 0) return;

  try {
    const outcome = await executeExperiment(context, experiment);
    await finish(db, experimentId, outcome, null);
    log.info({ experimentId, outcome }, "experiments.finished");
  } catch (error) {
    const failure = error instanceof ExperimentFailure ? error : null;
    const last = failure !== null || context.attempt >= context.maxAttempts;
    if (!last || context.signal?.aborted) {
      log.warn({ experimentId, attempt: context.attempt, error: toSafeErrorText(error) }, "experiments.attempt_failed");
      throw error;
    }

    const code: FailureCode = failure?.code ?? "retries_exhausted";
    log.error({ experimentId, code, error: toSafeErrorText(error) }, "experiments.failed");
    await finish(db, experimentId, "failed", code);
    throw new PermanentJobError(`Experiment ${experimentId} failed: ${code}`, { cause: error });
  }
}

async function finish(db: Db, experimentId: string, status: "completed" | "cancelled" | "failed", error: FailureCode | null): Promise<void> {
  await db.experiment.updateMany({
    where: { id: experimentId, status: { in: ["queued", "running"] } },
    data: { status, error, finishedAt: new Date(), heartbeatAt: new Date() },
  });
}

/** Runs every row that has no stored result yet; returns "cancelled" when the user stopped it first. */
async function executeExperiment(context: ExperimentJobContext, experiment: LoadedExperiment): Promise<"completed" | "cancelled"> {
  const { db, log } = context;
  const config = parseConfig(experiment.config);
  const type = await datasetTypeOf(db, experiment.datasetVersionId);
  const rows = await loadExperimentRows(db, experiment.datasetVersionId, config.split, config.rowLimit);
  const plans = await planRun(db, experiment);

  const stored = await db.experimentResult.findMany({ where: { experimentId: experiment.id }, select: { variantId: true, rowKey: true } });
  const done = new Set(stored.map((result) => `${result.variantId}\u0000${result.rowKey}`));
  // Row by row across variants, so every variant's accuracy fills in at the same pace.
  const work: Array<{ plan: VariantPlan; row: ExperimentRow }> = [];
  for (const row of rows) {
    for (const plan of plans) if (!done.has(`${plan.id}\u0000${row.rowKey}`)) work.push({ plan, row });
  }
  log.info({ experimentId: experiment.id, rows: rows.length, variants: plans.length, remaining: work.length, resumed: done.size }, "experiments.started");

  const progressVariants: ProgressVariant[] = plans.map((plan) => ({ id: plan.id, samples: plan.samples, currency: plan.target?.prices.currency ?? null }));
  const progress = createProgressThrottle((summaries) => writeProgress(db, experiment.id, progressVariants, { summaries }));
  await progress.flush();

  const runContext: RunContext = {
    db,
    log,
    experimentId: experiment.id,
    userId: experiment.createdById,
    type,
    config,
    maxSamples: env().LUODI_MAX_SAMPLES,
    limiter: createRateLimiter(),
    signal: context.signal,
  };

  // The first unexpected error (a database failure, say) stops every lane, so no lane keeps writing
  // while the queue already retries the job.
  let laneError: unknown = null;
  const stopped = () => laneError !== null || progress.cancelRequested || context.signal?.aborted === true;
  const runLane = async () => {
    while (!stopped()) {
      const item = work.shift();
      if (!item) return;
      try {
        await runRow(runContext, item.plan, item.row);
        await progress.tick();
      } catch (error) {
        laneError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, Math.max(1, work.length)) }, runLane));

  await progress.flush();
  if (laneError !== null) throw laneError;
  if (context.signal?.aborted) throw new Error("The worker stopped while the experiment was running");
  // A cancel that arrives after the last row was taken leaves nothing undone, so the run counts as completed.
  return progress.cancelRequested && work.length > 0 ? "cancelled" : "completed";
}

function parseConfig(config: unknown): ExperimentConfig {
  const parsed = experimentConfigSchema.safeParse(config);
  if (!parsed.success) throw new ExperimentFailure("config_invalid");
  return parsed.data;
}

async function datasetTypeOf(db: Db, versionId: string): Promise<DatasetType> {
  const version = await db.datasetVersion.findUnique({ where: { id: versionId }, include: { dataset: { select: { type: true } } } });
  if (!version || version.status !== "ready" || !version.dataset.type) throw new ExperimentFailure("dataset_version_missing");
  return version.dataset.type;
}

/** Loads each variant's prompt version and model target. A model that cannot be resolved fails only its own rows. */
async function planRun(db: Db, experiment: LoadedExperiment): Promise<VariantPlan[]> {
  const plans: VariantPlan[] = [];
  for (const variant of experiment.variants) {
    let spec;
    try {
      spec = await loadVersionSpec(db, experiment.workspaceId, variant.promptVersionId);
    } catch (error) {
      if (isAppError(error) && error.code === "NOT_FOUND") throw new ExperimentFailure("prompt_version_missing", { cause: error });
      throw error;
    }

    const strategy = variant.strategy as unknown as Strategy;
    const plan: VariantPlan = {
      id: variant.id,
      label: variant.label,
      promptVersionId: variant.promptVersionId,
      spec,
      strategy,
      samples: strategy.kind === "self_consistency" ? strategy.samples : 1,
      target: null,
      targetError: null,
    };

    try {
      plan.target = await resolveModelTarget(db, experiment.workspaceId, variant.modelId);
    } catch (error) {
      if (!isAppError(error) || error.code === "INTERNAL") throw error;
      plan.targetError = { message: error.publicMessage, reason: error.options.reason, params: error.options.params };
    }
    plans.push(plan);
  }
  return plans;
}
