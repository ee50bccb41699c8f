import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureChatFile } from "../../bench/support/chat-rows";
import { createDataset } from "@/lib/datasets/datasets";
import { commitImport, createImport } from "@/lib/datasets/imports";
import { listVersions } from "@/lib/datasets/versions";
import { storeUpload } from "@/lib/datasets/uploads";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { enqueueWith } from "@/lib/queue/producer";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";
import { seedWorkspace } from "../users/fixtures";

// A worker killed with SIGKILL while it writes an import's rows: no half version becomes visible, and
// the queue hands the import to the next worker, which starts the rows over and completes it.

let database: TestDatabase;
let dataDir: string;
let boss: PgBoss;
const workers: TsxProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-resume-"));
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

function startWorker() {
  const worker = startTsxProcess("worker/main.ts", { DATABASE_URL: database.url, LUODI_DATA_DIR: dataDir, WORKER_CONCURRENCY: "1", LOG_LEVEL: "warn" });
  workers.push(worker);
  return worker;
}

it("finishes an import whose worker was killed mid-write, with no half version", { timeout: 300_000 }, async () => {
  const { db } = database;
  const { admin } = await seedWorkspace(db);
  const file = path.join(dataDir, "chat.jsonl");
  await ensureChatFile(file, 8);

  const { dataset } = await createDataset(db, admin, { name: "resume", description: "", labelSet: [], multiLabel: false, tokenLimit: null });
  const { file: stored } = await storeUpload(db, admin, createReadStream(file), { filename: "chat.jsonl", limitBytes: 2 ** 30 });
  const enqueue = enqueueWith(boss);
  const { datasetImport } = await createImport(db, enqueue, admin, dataset.id, stored.id);

  const first = startWorker();
  const analysed = await waitFor(
    "the analysis to finish",
    async () => {
      const row = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
      return row.status === "review" ? row : null;
    },
    { timeoutMs: 180_000 },
  );
  await commitImport(db, enqueue, admin, datasetImport.id);

  await waitFor(
    "the commit to write some rows",
    async () => {
      const row = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
      return row.status === "importing" && row.rowsDone > 2_000;
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
  await first.stop("SIGKILL");

  // The half-written version exists only as "building", which no reader lists.
  expect(await listVersions(db, admin, dataset.id)).toEqual([]);

  startWorker();
  const done = await waitFor(
    "the import to complete on the second worker",
    async () => {
      const row = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
      if (row.status === "failed") throw new Error(`import failed: ${row.error}`);
      return row.status === "completed" ? row : null;
    },
    { timeoutMs: 240_000 },
  );

  const versions = await db.datasetVersion.findMany({ where: { datasetId: dataset.id } });
  expect(versions).toHaveLength(1);
  expect(versions[0]).toMatchObject({ status: "ready", number: 1, rowCount: analysed.rowsValid });
  expect(done.attempts).toBeGreaterThanOrEqual(2);
  const rowCount = await db.datasetRow.count({ where: { versionId: versions[0]!.id } });
  expect(rowCount).toBe(analysed.rowsValid);
});
