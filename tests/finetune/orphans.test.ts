import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createDataset } from "@/lib/datasets/datasets";
import { ORPHAN_GRACE_MS, sweepOrphans } from "@/lib/finetune/orphans";
import { PgBoss } from "pg-boss";
import { startBoss } from "@/lib/queue/boss";
import { QUEUE_SCHEMA } from "@/lib/queue/contract";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";
import { seedWorkspace } from "../users/fixtures";

// The sweep runs against the real queue tables: each case puts a pg-boss job into the state under test
// (created, active, retry, failed for good, or none) with pg-boss's own calls, then sweeps.

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

let database: TestDatabase;
let boss: PgBoss;
/** A second pg-boss instance that runs the supervisor on demand, without the default 60 s throttle per queue. */
let supervisor: PgBoss;
let workspaceId: string;
let baseModelId: string;
let datasetVersionId: string;
let counter = 0;

/** A time past every row's grace period, so only the queue decides. */
const later = () => new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);

type JobFields = { status?: "queued" | "running"; attempts?: number; lastCheckpoint?: string | null; cancelRequestedAt?: Date | null; createdAt?: Date };

async function createJobRow(fields: JobFields = {}) {
  counter += 1;
  return database.db.fineTuneJob.create({
    data: {
      workspaceId,
      externalId: `ftjob-orphan${String(counter).padStart(13, "0")}`,
      name: `orphan-${counter}`,
      baseModelId,
      datasetVersionId,
      task: "chat_sft",
      method: "lora",
      hyperparameters: {},
      status: fields.status ?? "running",
      attempts: fields.attempts ?? 1,
      lastCheckpoint: fields.lastCheckpoint ?? null,
      cancelRequestedAt: fields.cancelRequestedAt ?? null,
      startedAt: fields.status === "queued" ? null : new Date(),
      ...(fields.createdAt && { createdAt: fields.createdAt }),
    },
  });
}

async function createDownloadingModel() {
  counter += 1;
  return database.db.baseModel.create({
    data: { workspaceId, name: `hub-${counter}`, source: "huggingface", repoId: `org/model-${counter}`, revision: "main", status: "downloading", downloadedBytes: 0n },
  });
}

async function queueState(queue: string, id: string) {
  const [job] = await boss.findJobs(queue, { id });
  return job?.state;
}

/** Fetches the queue's next job the way a worker claims it, so it becomes active. */
async function claim(queue: string, id: string) {
  const [job] = await boss.fetch(queue);
  expect(job?.id).toBe(id);
  return job!;
}

/**
 * Plays out the failure the sweep exists for: a worker claims the job on its last attempt and dies, so
 * its heartbeat stops and pg-boss's supervisor fails the job for good. The heartbeat limit is 10 s here
 * (pg-boss's minimum) instead of the queue's 30 s, so each call takes about 11 s.
 */
async function failByLostHeartbeat(queue: "finetune.train" | "finetune.download", data: object): Promise<string> {
  const id = await boss.send(queue, data, { retryLimit: 0, heartbeatSeconds: 10 });
  await claim(queue, id!);
  return waitFor(`pg-boss to fail job ${id} for its lost heartbeat`, async () => {
    await supervisor.supervise(queue);
    return (await queueState(queue, id!)) === "failed" && id!;
  }, { timeoutMs: 40_000, intervalMs: 1_000 });
}

beforeAll(async () => {
  database = await startTestDatabase();
  // No maintenance: the tests drive the supervisor themselves.
  boss = await startBoss(database.url, { service: "test", maintenance: false, log });
  supervisor = new PgBoss({ connectionString: database.url, schema: QUEUE_SCHEMA, supervise: false, schedule: false, monitorIntervalSeconds: 1, max: 2 });
  supervisor.on("error", (error) => log.error({ error }, "supervisor.error"));
  await supervisor.start();

  const { db } = database;
  const seeded = await seedWorkspace(db);
  workspaceId = seeded.workspaceId;
  const { dataset } = await createDataset(db, seeded.admin, { name: "orphan-chats", description: "", labelSet: [], multiLabel: false, tokenLimit: null });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, number: 1, operation: "import", status: "ready" } });
  datasetVersionId = version.id;
  const model = await db.baseModel.create({ data: { workspaceId, name: "tiny-local", source: "local", localPath: "/tmp/luodi-orphans-tiny", status: "ready" } });
  baseModelId = model.id;
});

afterAll(async () => {
  await supervisor?.stop({ graceful: false });
  await boss?.stop({ graceful: false });
  await database?.stop();
});

describe("orphaned fine-tuning jobs", () => {
  it("fails a job the queue gave up on", async () => {
    const checkpoint = "/data/finetune/jobs/x/output/checkpoint-2";
    const job = await createJobRow({ attempts: 4, lastCheckpoint: checkpoint });
    await failByLostHeartbeat("finetune.train", { jobId: job.id });

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedJobs).toContain(job.id);

    const row = await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("failed");
    expect(row.errorCode).toBe("worker_lost");
    expect(row.errorMessage).toContain("worker stopped during every attempt");
    expect(row.errorMessage).toContain(checkpoint);
    expect(row.errorMessage).toContain("job heartbeat timeout");
    expect(row.lastCheckpoint).toBe(checkpoint);
    expect(row.finishedAt).not.toBeNull();

    const events = await database.db.fineTuneEvent.findMany({ where: { jobId: job.id } });
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe("error");
    expect(events[0]?.data).toEqual({ code: "worker_lost", message: row.errorMessage, last_good_checkpoint: checkpoint });
  });

  it("leaves a job with a waiting or running queue job", async () => {
    const running = await createJobRow({ attempts: 1 });
    const runningQueueId = await boss.send("finetune.train", { jobId: running.id });
    await claim("finetune.train", runningQueueId!);
    expect(await queueState("finetune.train", runningQueueId!)).toBe("active");

    // startAfter keeps the waiting job out of the later tests' fetches; it is still in state created.
    const waiting = await createJobRow({ status: "queued", attempts: 0 });
    const waitingQueueId = await boss.send("finetune.train", { jobId: waiting.id }, { startAfter: 3_600 });
    expect(await queueState("finetune.train", waitingQueueId!)).toBe("created");

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedJobs).not.toContain(waiting.id);
    expect(result.failedJobs).not.toContain(running.id);
    expect((await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: running.id } })).status).toBe("running");
    expect((await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("queued");
  });

  it("leaves a job between retries", async () => {
    const job = await createJobRow({ attempts: 1 });
    const queueId = await boss.send("finetune.train", { jobId: job.id }, { retryLimit: 3, retryDelay: 600 });
    await claim("finetune.train", queueId!);
    await boss.fail("finetune.train", queueId!, { message: "trainer exited with code 1" });
    expect(await queueState("finetune.train", queueId!)).toBe("retry");

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedJobs).not.toContain(job.id);
    const row = await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("running");
  });

  it("waits out the grace period of a new job", async () => {
    const job = await createJobRow({ status: "queued", attempts: 0 });

    const early = await sweepOrphans(database.db, boss, log);
    expect(early.failedJobs).not.toContain(job.id);
    expect((await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");

    // Past the grace period with no queue job at all, the job never reached the queue.
    const late = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(late.failedJobs).toContain(job.id);
    const row = await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("failed");
    expect(row.errorCode).toBe("queue_lost");
    expect(row.errorMessage).toContain("never queued");
  });

  it("cancels a lost job with a cancel request", async () => {
    const job = await createJobRow({ attempts: 2, cancelRequestedAt: new Date() });
    await failByLostHeartbeat("finetune.train", { jobId: job.id });

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.cancelledJobs).toContain(job.id);
    const row = await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("cancelled");
    expect(row.errorCode).toBeNull();
  });

  it("records one failure across concurrent sweeps", async () => {
    const job = await createJobRow({ attempts: 1 });

    const [first, second] = await Promise.all([
      sweepOrphans(database.db, boss, log, { now: later() }),
      sweepOrphans(database.db, boss, log, { now: later() }),
    ]);
    expect([...first.failedJobs, ...second.failedJobs].filter((id) => id === job.id)).toHaveLength(1);
    expect(await database.db.fineTuneEvent.count({ where: { jobId: job.id } })).toBe(1);
  });

  it("leaves finished jobs unchanged", async () => {
    const job = await createJobRow({ attempts: 1 });
    await database.db.fineTuneJob.update({ where: { id: job.id }, data: { status: "succeeded", finishedAt: new Date() } });

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedJobs).not.toContain(job.id);
    expect((await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("succeeded");
  });
});

describe("orphaned base model downloads", () => {
  it("fails a download whose queue job is gone", async () => {
    const model = await createDownloadingModel();

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedBaseModels).toContain(model.id);
    const row = await database.db.baseModel.findUniqueOrThrow({ where: { id: model.id } });
    expect(row.status).toBe("failed");
    expect(row.error).toContain("never queued");
    expect(row.error).toContain("registering the model again under another name resumes");
  });

  it("fails a download the queue gave up on", async () => {
    const model = await createDownloadingModel();
    await failByLostHeartbeat("finetune.download", { baseModelId: model.id });

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedBaseModels).toContain(model.id);
    const row = await database.db.baseModel.findUniqueOrThrow({ where: { id: model.id } });
    expect(row.status).toBe("failed");
    expect(row.error).toContain("worker stopped during every attempt");
    expect(row.error).toContain("job heartbeat timeout");
  });

  it("leaves a download inside the grace period", async () => {
    const fresh = await createDownloadingModel();

    const result = await sweepOrphans(database.db, boss, log);
    expect(result.failedBaseModels).not.toContain(fresh.id);
    expect((await database.db.baseModel.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("downloading");
  });

  it("leaves a download with a waiting queue job", async () => {
    const queued = await createDownloadingModel();
    await boss.send("finetune.download", { baseModelId: queued.id }, { startAfter: 3_600 });

    const result = await sweepOrphans(database.db, boss, log, { now: later() });
    expect(result.failedBaseModels).not.toContain(queued.id);
    expect((await database.db.baseModel.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("downloading");
  });
});

// Last, because the worker also consumes the queues and sweeps every row of the database.
describe("worker orphan sweep", () => {
  it("fails a lost job on start", { timeout: 120_000 }, async () => {
    const job = await createJobRow({ attempts: 2, createdAt: new Date(Date.now() - ORPHAN_GRACE_MS - 60_000) });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-orphans-"));
    const worker = startTsxProcess("worker/main.ts", { DATABASE_URL: database.url, LUODI_DATA_DIR: dataDir, WORKER_CONCURRENCY: "1", LUODI_FINETUNE_CONCURRENCY: "1" });

    try {
      await worker.waitForOutput(/worker\.orphans_swept/, 90_000);
      const row = await database.db.fineTuneJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("failed");
      expect(row.errorCode).toBe("worker_lost");
      expect(worker.output()).toContain(job.id);
    } finally {
      await worker.stop("SIGTERM");
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
