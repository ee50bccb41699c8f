import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { expect } from "vitest";
import type { RouteHandler } from "@/lib/api/route";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { enqueueWith, type Enqueue } from "@/lib/queue/producer";
import { workQueues } from "@/lib/queue/work";
import { registerInstance } from "@/lib/system/instance";
import { createHandlers } from "@/worker/handlers";
import { GET as getImportExport } from "@/app/api/v1/dataset-imports/[importId]/route";
import { POST as commitImportExport } from "@/app/api/v1/dataset-imports/[importId]/commit/route";
import { GET as getTaskExport } from "@/app/api/v1/dataset-tasks/[taskId]/route";
import { POST as createDatasetExport } from "@/app/api/v1/datasets/route";
import { POST as createImportExport } from "@/app/api/v1/datasets/[datasetId]/imports/route";
import { POST as uploadExport } from "@/app/api/v1/datasets/uploads/route";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";
import { apiRequest, handlerFor, readData, seedWorkspace, withParams } from "./fixtures";

/** Read-only sample data shared by every checkout. */
import { SHARED_DATA } from "../helpers/shared-data";

export { SHARED_DATA };
export const BANKING77_CSV = path.join(SHARED_DATA, "intent_en_banking77/test.csv");
export const CROSSWOZ_CHAT_JSONL = path.join(SHARED_DATA, "dialogue_zh_crosswoz/dialogues_openai_chat_100.jsonl");

/** Upload limit the dataset tests run with, so an oversized upload stays small. */
export const TEST_UPLOAD_LIMIT_MB = 1;

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

export type DatasetImportView = {
  id: string;
  status: string;
  rowsValid: number;
  rowsInvalid: number;
  versionId: string | null;
  detectedType: string | null;
  report: Record<string, unknown> | null;
  error: string | null;
};
export type TaskView = { id: string; kind: string; status: string; result: unknown; resultVersionId: string | null; fileId: string | null; error: string | null };
export type UploadView = { file: { id: string; filename: string; size: number; sha256: string }; duplicateOf: { datasetId: string; versionId: string; versionNumber: number } | null };

/**
 * Everything the dataset API tests share: a private database, the storage folder (LUODI_DATA_DIR), a
 * pg-boss instance on that database, and the worker's real handlers consuming the dataset queues in
 * this process, so imports and tasks run exactly as in production.
 */
export type DatasetHarness = Awaited<ReturnType<typeof startDatasetHarness>>;

/** Starts the harness. Call it before anything calls env(), which reads process.env once per process. */
export async function startDatasetHarness() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "luodi-datasets-api-"));
  process.env.LUODI_DATA_DIR = dataDir;
  process.env.LUODI_MAX_UPLOAD_MB = String(TEST_UPLOAD_LIMIT_MB);

  const database: TestDatabase = await startTestDatabase();
  const seed = await seedWorkspace(database.db);
  const boss: PgBoss = await startBoss(database.url, { service: "test-worker", log });
  const instance = await registerInstance(database.db, "worker", { tests: "datasets" });
  await workQueues(boss, queues, createHandlers({ db: database.db, instance }), { db: database.db, log }, { concurrency: 1, pollingIntervalSeconds: 0.5 });
  const enqueue: Enqueue = enqueueWith(boss);

  /** Rebuilds a route file's handler over the test database and queue. */
  const handler = (exported: RouteHandler) => handlerFor(exported, database.db, { enqueue });

  async function call<T>(exported: RouteHandler, path: string, options: { token: string; params?: Record<string, string>; body?: unknown; method?: string }): Promise<T> {
    const response = await handler(exported)(apiRequest(path, options), withParams(options.params ?? {}));
    return readData<T>(response, exported);
  }

  async function createDataset(token: string, name: string): Promise<{ id: string }> {
    return call(createDatasetExport, "/datasets", { token, body: { name } });
  }

  /** Uploads a file as one buffered body. */
  async function upload(token: string, filename: string, bytes: Buffer): Promise<UploadView> {
    const request = new Request(`http://127.0.0.1:3000/api/v1/datasets/uploads?filename=${encodeURIComponent(filename)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: new Uint8Array(bytes),
    });
    return readData<UploadView>(await handler(uploadExport)(request), uploadExport);
  }

  async function readImport(token: string, importId: string): Promise<DatasetImportView> {
    return call(getImportExport, `/dataset-imports/${importId}`, { token, params: { importId } });
  }

  /** Polls an import until it leaves the given states. */
  async function waitForImport(token: string, importId: string, busy: string[]): Promise<DatasetImportView> {
    return waitFor(`import ${importId} to leave ${busy.join("/")}`, async () => {
      const found = await readImport(token, importId);
      return busy.includes(found.status) ? null : found;
    }, { timeoutMs: 150_000, intervalMs: 1_000 });
  }

  /** Starts an import and waits for its analysis. */
  async function analyze(token: string, datasetId: string, fileId: string, options: Record<string, unknown> = {}): Promise<DatasetImportView> {
    const created = await call<DatasetImportView>(createImportExport, `/datasets/${datasetId}/imports`, {
      token,
      params: { datasetId },
      body: { fileId, ...options },
    });
    return waitForImport(token, created.id, ["queued", "analyzing"]);
  }

  /** Commits an analysed import and waits until its version is ready. */
  async function commit(token: string, importId: string): Promise<DatasetImportView> {
    await call(commitImportExport, `/dataset-imports/${importId}/commit`, { token, params: { importId }, method: "POST" });
    const settled = await waitForImport(token, importId, ["importing"]);
    expect(settled.status, `import ${importId} failed: ${settled.error}`).toBe("completed");
    return settled;
  }

  /** Uploads, analyses and commits a file into a new dataset; returns the dataset and its first version. */
  async function importNewDataset(token: string, name: string, filename: string, bytes: Buffer) {
    const dataset = await createDataset(token, name);
    const { file } = await upload(token, filename, bytes);
    const analysed = await analyze(token, dataset.id, file.id);
    expect(analysed.status, `analysis of ${filename} failed: ${analysed.error}`).toBe("review");
    const committed = await commit(token, analysed.id);
    return { datasetId: dataset.id, versionId: committed.versionId!, importId: analysed.id, fileId: file.id };
  }

  async function waitForTask(token: string, taskId: string): Promise<TaskView> {
    return waitFor(`task ${taskId} to finish`, async () => {
      const task = await call<TaskView>(getTaskExport, `/dataset-tasks/${taskId}`, { token, params: { taskId } });
      return task.status === "completed" || task.status === "failed" ? task : null;
    }, { timeoutMs: 150_000, intervalMs: 1_000 });
  }

  /** Files under the storage folder, such as uploads/<uuid>.csv. */
  async function storedFiles(folder: string): Promise<string[]> {
    return readdir(path.join(dataDir, "storage", folder)).catch(() => []);
  }

  async function stop() {
    await boss.stop({ graceful: false });
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  return { database, db: database.db, seed, dataDir, enqueue, handler, call, createDataset, upload, readImport, waitForImport, analyze, commit, importNewDataset, waitForTask, storedFiles, stop };
}
