import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import { createDataset } from "@/lib/datasets/datasets";
import { runImportJob } from "@/lib/datasets/import-job";
import { commitImport, configureImport, createImport } from "@/lib/datasets/imports";
import { storeUpload } from "@/lib/datasets/uploads";
import { runTaskJob } from "@/lib/datasets/task-job";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { JobInput, QueueName } from "@/lib/queue/contract";
import type { Enqueue } from "@/lib/queue/producer";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { seedWorkspace } from "../users/fixtures";

export { sharedDataPath as sharedData } from "../helpers/shared-data";

type QueuedJob = { [Name in QueueName]: { name: Name; payload: JobInput<Name> } }[QueueName];

/**
 * Starts a test workspace with its own database and data folder. Jobs the domain code sends are collected,
 * and `drain` runs them through the job functions the worker's handlers call. The API and resume tests
 * cover the queue itself.
 */
export async function startDatasetHarness() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-datasets-"));
  process.env.LUODI_DATA_DIR = dataDir;
  const database: TestDatabase = await startTestDatabase();
  const { admin, viewer, workspaceId } = await seedWorkspace(database.db);
  const queued: QueuedJob[] = [];
  const enqueue: Enqueue = async (name, payload) => {
    queued.push({ name, payload } as QueuedJob);
  };
  const log = logger.child({ test: "datasets" });

  async function drain() {
    while (queued.length > 0) {
      const job = queued.shift()!;
      const context = { db: database.db, log, attempt: 1, maxAttempts: 1 };
      if (job.name === "datasets.import") await runImportJob(context, job.payload.importId, job.payload.phase);
      else if (job.name === "datasets.task") await runTaskJob(context, job.payload.taskId);
    }
  }

  return {
    db: database.db as Db,
    admin: admin as Actor,
    viewer: viewer as Actor,
    workspaceId,
    dataDir,
    enqueue,
    drain,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type DatasetHarness = Awaited<ReturnType<typeof startDatasetHarness>>;

let datasetCounter = 0;

/** Uploads a file into a new dataset and runs the analysis; returns the import in review (or failed). */
export async function analyzeFile(harness: DatasetHarness, filePath: string, options: { filename?: string; name?: string; datasetId?: string } = {}) {
  const { db, admin, enqueue } = harness;
  const dataset = options.datasetId
    ? await db.dataset.findUniqueOrThrow({ where: { id: options.datasetId } })
    : (
        await createDataset(db, admin, {
          name: options.name ?? `dataset-${++datasetCounter}`,
          description: "",
          labelSet: [],
          multiLabel: false,
          tokenLimit: null,
        })
      ).dataset;
  const { file, duplicateOf } = await storeUpload(db, admin, createReadStream(filePath), {
    filename: options.filename ?? path.basename(filePath),
    limitBytes: 2 ** 31,
  });
  const { datasetImport } = await createImport(db, enqueue, admin, dataset.id, file.id);
  await harness.drain();
  const analysed = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
  return { dataset, file, duplicateOf, datasetImport: analysed };
}

/** Re-runs the analysis with the given options. */
export async function reconfigure(harness: DatasetHarness, importId: string, options: Parameters<typeof configureImport>[4]) {
  await configureImport(harness.db, harness.enqueue, harness.admin, importId, options);
  await harness.drain();
  return harness.db.datasetImport.findUniqueOrThrow({ where: { id: importId } });
}

/** Commits an analysed import and returns the version it made. */
export async function commit(harness: DatasetHarness, importId: string) {
  await commitImport(harness.db, harness.enqueue, harness.admin, importId);
  await harness.drain();
  const done = await harness.db.datasetImport.findUniqueOrThrow({ where: { id: importId } });
  const version = done.versionId ? await harness.db.datasetVersion.findUnique({ where: { id: done.versionId } }) : null;
  return { datasetImport: done, version };
}

/** Uploads, analyses and commits a file in one go. */
export async function importFile(harness: DatasetHarness, filePath: string, options: { filename?: string; name?: string } = {}) {
  const analysed = await analyzeFile(harness, filePath, options);
  if (analysed.datasetImport.status !== "review") {
    throw new Error(`analysis of ${filePath} ended ${analysed.datasetImport.status}: ${analysed.datasetImport.error}`);
  }
  const committed = await commit(harness, analysed.datasetImport.id);
  return { ...analysed, ...committed };
}
