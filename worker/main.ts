import { createDb, type Db, type Prisma } from "@/lib/db/client";
import { ORPHAN_SWEEP_INTERVAL_MS, sweepOrphans } from "@/lib/finetune/orphans";
import { readTrainerSettings } from "@/lib/finetune/trainer-process";
import { detectTrainingDevice } from "@/lib/finetune/worker-device";
import { EnvError, env } from "@/lib/env";
import { logger } from "@/lib/log";
import { stopOwnedRuntimes } from "@/lib/runtime/reaper";
import { sendJob, startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { enqueueWith } from "@/lib/queue/producer";
import { workQueues } from "@/lib/queue/work";
import { toSafeErrorText } from "@/lib/system/error-text";
import { HEARTBEAT_INTERVAL_MS, registerInstance, type InstanceHandle } from "@/lib/system/instance";
import { createHandlers } from "./handlers";

const log = logger.child({ service: "worker" });

// Orchestrators send SIGKILL 30 s after SIGTERM by default (Kubernetes, Docker stop with -t 30), so
// active jobs get 25 s to finish. pg-boss then fails the rest, which retries them on another worker.
const SHUTDOWN_GRACE_MS = 25_000;

// Queued jobs here are imports, training and indexing runs that take seconds to hours, so a 2 s
// pickup delay costs nothing, while each poll is a query on the database the console shares.
const POLLING_INTERVAL_SECONDS = 2;

/** Parts started so far. Shutdown stops whichever exist, so a signal during startup is safe. */
type Running = { db?: Db; boss?: PgBoss; instance?: InstanceHandle; heartbeatTimer?: NodeJS.Timeout; orphanTimer?: NodeJS.Timeout };
const running: Running = {};
let stopping = false;

async function main(): Promise<void> {
  const config = env();
  if (!config.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the worker through the launcher (npm start) or set DATABASE_URL");
  }

  running.db = createDb(config.DATABASE_URL);
  running.boss = await startBoss(config.DATABASE_URL, { service: "worker", log });
  if (stopping) return;
  const { db, boss } = running;

  const instance = await registerInstance(db, "worker", { concurrency: config.WORKER_CONCURRENCY });
  running.instance = instance;
  const workerLog = log.child({ instanceId: instance.id });

  // WORKER_CONCURRENCY jobs per queue: handlers mostly wait on the database, providers or a trainer
  // subprocess, so a few run well on one core. More only queue up behind pglite-socket, which runs
  // one transaction at a time. Heartbeats need no parallelism.
  // Fine-tuning is the exception: each job is a trainer process that takes the GPU or many cores, so it
  // has its own, lower setting (LUODI_FINETUNE_CONCURRENCY).
  const concurrency = (queue: string) => {
    if (queue === "system.heartbeat") return 1;
    if (queue === "finetune.train") return config.LUODI_FINETUNE_CONCURRENCY;
    return config.WORKER_CONCURRENCY;
  };
  const workOptions = { concurrency, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS };
  const consumed = await workQueues(boss, queues, createHandlers({ db, instance, enqueue: enqueueWith(boss) }), { db, log: workerLog }, workOptions);
  const instanceInfo = { queues: consumed, concurrency: config.WORKER_CONCURRENCY, finetuneConcurrency: config.LUODI_FINETUNE_CONCURRENCY };
  await instance.refresh(instanceInfo);
  if (stopping) return;
  void reportTrainingDevice(instance, instanceInfo, workerLog);

  const sendHeartbeat = async () => {
    try {
      await sendJob(boss, "system.heartbeat", { sentBy: instance.id, sentAt: new Date().toISOString() }, { singletonKey: instance.id });
    } catch (error) {
      workerLog.error({ error: toSafeErrorText(error) }, "worker.heartbeat_send_failed");
    }
  };
  await sendHeartbeat();
  running.heartbeatTimer = setInterval(sendHeartbeat, HEARTBEAT_INTERVAL_MS);

  const sweep = orphanSweeper(db, boss, workerLog);
  void sweep();
  running.orphanTimer = setInterval(() => void sweep(), ORPHAN_SWEEP_INTERVAL_MS);
  workerLog.info({ queues: consumed, concurrency: config.WORKER_CONCURRENCY }, "worker.started");
}

/**
 * Records in the instance row whether this worker trains on a CUDA GPU, so launching a GPU-only method
 * (QLoRA) is rejected up front when no worker has one. Runs in the background: the check imports PyTorch,
 * which takes seconds, and the queues already run meanwhile.
 */
async function reportTrainingDevice(instance: InstanceHandle, info: Record<string, unknown>, workerLog: typeof log): Promise<void> {
  try {
    const trainingDevice = await detectTrainingDevice(readTrainerSettings());
    await instance.refresh({ ...info, trainingDevice } as Prisma.InputJsonObject);
    workerLog.info({ trainingDevice }, "worker.training_device");
  } catch (error) {
    workerLog.warn({ error: toSafeErrorText(error) }, "worker.training_device_unknown");
  }
}

/**
 * Returns a function that fails fine-tuning jobs and base model downloads the queue gave up on without
 * calling their handler (see lib/finetune/orphans.ts). Every worker sweeps, and the sweep's compare-and-set
 * updates keep concurrent sweeps from failing a row twice. A sweep still running skips the next tick.
 */
function orphanSweeper(db: Db, boss: PgBoss, workerLog: typeof log): () => Promise<void> {
  let sweeping = false;
  return async () => {
    if (sweeping || stopping) return;
    sweeping = true;
    try {
      const result = await sweepOrphans(db, boss, workerLog);
      const fixed = result.failedJobs.length + result.cancelledJobs.length + result.failedBaseModels.length;
      if (fixed > 0) workerLog.info(result, "worker.orphans_swept");
    } catch (error) {
      workerLog.error({ error: toSafeErrorText(error) }, "worker.orphan_sweep_failed");
    } finally {
      sweeping = false;
    }
  };
}

/** Stops taking jobs, lets active ones finish within the grace period, marks the row stopped, exits 0. */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    log.warn({ signal }, "worker.forced_exit");
    process.exit(1);
  }
  stopping = true;
  log.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, "worker.stopping");
  clearInterval(running.heartbeatTimer);
  clearInterval(running.orphanTimer);

  let exitCode = 0;
  try {
    await running.boss?.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS });
    await running.instance?.markStopped();
    // Local model runtimes started by experiments in this process stop with it; marking their rows now
    // spares the next caller a dead-process check.
    if (running.db) await stopOwnedRuntimes(running.db);
  } catch (error) {
    exitCode = 1;
    log.error({ error: toSafeErrorText(error) }, "worker.stop_failed");
  }
  await running.db?.$disconnect();
  log.info({ exitCode }, "worker.stopped");
  process.exit(exitCode);
}

process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));

main().catch((error: unknown) => {
  // An invalid environment lists every bad variable; print it whole so the fix is clear.
  if (error instanceof EnvError) console.error(error.message);
  log.fatal({ error: toSafeErrorText(error, 2000) }, "worker.start_failed");
  process.exit(1);
});
