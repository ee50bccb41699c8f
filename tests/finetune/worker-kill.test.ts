import { readdir, readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataset } from "@/lib/datasets/datasets";
import { commitImport, createImport } from "@/lib/datasets/imports";
import { storeUpload } from "@/lib/datasets/uploads";
import { registerBaseModel } from "@/lib/finetune/base-models";
import { launchJob } from "@/lib/finetune/launch";
import { launchJobInput, registerBaseModelInput } from "@/lib/finetune/schemas";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { enqueueWith } from "@/lib/queue/producer";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";
import { seedWorkspace } from "../users/fixtures";
import { buildTinyModel, crossWozChats, pythonEnv, tinyEvaluation, tinyHyperparameters } from "./harness";

// A worker process is killed with SIGKILL in the middle of training, and its trainer dies with it. The
// queue hands the job to the next worker once the heartbeat lapses. That worker's trainer resumes from
// the newest checkpoint in the job's output folder instead of starting over.

let database: TestDatabase;
let dataDir: string;
let boss: PgBoss;
const workers: TsxProcess[] = [];

function startWorker() {
  const worker = startTsxProcess("worker/main.ts", { DATABASE_URL: database.url, LUODI_DATA_DIR: dataDir, WORKER_CONCURRENCY: "1", LUODI_FINETUNE_CONCURRENCY: "1", LOG_LEVEL: "warn" });
  workers.push(worker);
  return worker;
}

/** Process ids whose command line contains `text`, read from /proc. */
async function processesMentioning(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (commandLine.includes(text)) found.push(Number(entry));
  }
  return found;
}

describe.skipIf(!pythonEnv)("fine-tuning worker kill", () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-finetune-kill-"));
    process.env.LUODI_DATA_DIR = dataDir;
    database = await startTestDatabase();
    boss = await startBoss(database.url, { service: "test", maintenance: false });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop("SIGKILL");
    await boss?.stop({ graceful: false });
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("resumes a killed worker's job from its checkpoint", { timeout: 420_000 }, async () => {
    const { db } = database;
    const { admin } = await seedWorkspace(db);
    const enqueue = enqueueWith(boss);
    const first = startWorker();

    const { dataset } = await createDataset(db, admin, { name: "crosswoz-chats", description: "", labelSet: [], multiLabel: false, tokenLimit: null });
    const { file } = await storeUpload(db, admin, Readable.from([crossWozChats({ train: 8, validation: 3, test: 2 })]), { filename: "chats.jsonl", limitBytes: 2 ** 20 });
    const { datasetImport } = await createImport(db, enqueue, admin, dataset.id, file.id);
    await waitFor("the analysis", async () => (await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } })).status === "review", { timeoutMs: 120_000 });
    await commitImport(db, enqueue, admin, datasetImport.id);
    const imported = await waitFor("the import", async () => {
      const row = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
      return row.status === "completed" ? row : null;
    }, { timeoutMs: 120_000 });

    const modelPath = await buildTinyModel(path.join(dataDir, "tiny"));
    const { model } = await registerBaseModel(db, admin, registerBaseModelInput.parse({ name: "tiny-llama", localPath: modelPath }));
    const input = launchJobInput.parse({
      name: "killed",
      baseModelId: model.id,
      datasetVersionId: imported.versionId,
      task: "chat_sft",
      method: "lora",
      hyperparameters: tinyHyperparameters({ max_steps: 150, save_steps: 3, eval_steps: 1000 }),
      evaluation: tinyEvaluation,
    });
    const { job } = await launchJob(db, enqueue, admin, input);

    const checkpointed = await waitFor("a checkpoint past step 3", async () => {
      const row = await db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status !== "running" && row.status !== "queued") throw new Error(`job ended early: ${row.status} ${row.errorMessage}`);
      return row.lastCheckpoint && row.step >= 6 ? row : null;
    }, { timeoutMs: 180_000, intervalMs: 200 });
    expect(checkpointed.step).toBeLessThan(150);
    // A running attempt writes its compute time as it goes, so the attempt about to be killed still counts.
    const computedBeforeKill = await waitFor("compute time of the running attempt", async () => {
      const row = await db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
      return row.computeSeconds > 0 ? row.computeSeconds : null;
    }, { timeoutMs: 30_000, intervalMs: 500 });

    const specFile = path.join(dataDir, "finetune", "jobs", job.id, "spec.json");
    expect(await processesMentioning(specFile)).toHaveLength(1);
    await first.stop("SIGKILL");
    // The trainer was started with a parent-death signal, so it must not outlive its worker.
    await waitFor("the trainer to die with its worker", async () => (await processesMentioning(specFile)).length === 0, { timeoutMs: 10_000 });
    expect((await db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("running");

    startWorker();
    const finished = await waitFor("the job to finish on the second worker", async () => {
      const row = await db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === "failed" || row.status === "cancelled") throw new Error(`job ${row.status}: ${row.errorCode} ${row.errorMessage}`);
      return row.status === "succeeded" ? row : null;
    }, { timeoutMs: 240_000, intervalMs: 500 });

    expect(finished.step).toBe(150);
    expect(finished.attempts).toBe(2);
    // Compute time sums both attempts: what the killed one wrote, and the second from its start to done.
    const secondStart = await db.fineTuneEvent.findFirstOrThrow({ where: { jobId: job.id, type: "attempt" }, orderBy: { seq: "desc" } });
    const done = await db.fineTuneEvent.findFirstOrThrow({ where: { jobId: job.id, type: "done" } });
    const secondAttemptSeconds = (done.createdAt.getTime() - secondStart.createdAt.getTime()) / 1000;
    expect(finished.computeSeconds).toBeGreaterThanOrEqual(computedBeforeKill + secondAttemptSeconds - 1);
    const starts = await db.fineTuneEvent.findMany({ where: { jobId: job.id, type: "start" }, orderBy: { seq: "asc" } });
    expect(starts).toHaveLength(2);
    const resumed = starts[1]!.data as { resumed_from_step: number | null; resumed_from_checkpoint: string | null };
    expect(resumed.resumed_from_step).toBeGreaterThanOrEqual(3);
    expect(resumed.resumed_from_checkpoint).toMatch(/checkpoint-\d+$/);
    expect(await db.modelVersion.count({ where: { jobId: job.id } })).toBe(1);
  });
});
