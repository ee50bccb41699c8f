import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDataset } from "@/lib/datasets/datasets";
import { commitImport, createImport } from "@/lib/datasets/imports";
import { storeUpload } from "@/lib/datasets/uploads";
import { createExperiment } from "@/lib/experiments/experiments";
import { createExperimentInput } from "@/lib/experiments/schemas";
import { createFewShotSet } from "@/lib/prompts/few-shot-sets";
import { versionSpecInput } from "@/lib/prompts/schemas";
import { createTemplate } from "@/lib/prompts/templates";
import { createVersion } from "@/lib/prompts/versions";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { enqueueWith } from "@/lib/queue/producer";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";
import { seedWorkspace } from "../users/fixtures";
import { createIntentClassifier, crossWozSample } from "./crosswoz-intents";
import { intentPromptMessages } from "./harness";

// A worker process killed with SIGKILL in the middle of an experiment: the queue hands the job to the
// next worker, which runs only the rows without a stored result and finishes with one result per row.

let database: TestDatabase;
let dataDir: string;
let boss: PgBoss;
let fake: FakeOpenAi;
const workers: TsxProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-experiment-kill-"));
  process.env.LUODI_DATA_DIR = dataDir;
  database = await startTestDatabase();
  boss = await startBoss(database.url, { service: "test", maintenance: false });
});

afterAll(async () => {
  for (const worker of workers) await worker.stop("SIGKILL");
  await boss?.stop({ graceful: false });
  await fake?.close();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function startWorker() {
  const worker = startTsxProcess("worker/main.ts", { DATABASE_URL: database.url, LUODI_DATA_DIR: dataDir, WORKER_CONCURRENCY: "1", LOG_LEVEL: "warn" });
  workers.push(worker);
  return worker;
}

it("finishes an experiment whose worker was killed mid-run", { timeout: 300_000 }, async () => {
  const { db } = database;
  const { admin } = await seedWorkspace(db);
  const enqueue = enqueueWith(boss);
  const sample = crossWozSample(15);
  fake = await startFakeOpenAi({ reply: createIntentClassifier(sample.rows, sample.labels) });

  const first = startWorker();

  // Import the sample through the worker's import job.
  const { dataset } = await createDataset(db, admin, { name: "crosswoz-15", description: "", labelSet: [], multiLabel: false, tokenLimit: null });
  const { file } = await storeUpload(db, admin, Readable.from([sample.jsonl]), { filename: "crosswoz_15.jsonl", limitBytes: 2 ** 20 });
  const { datasetImport } = await createImport(db, enqueue, admin, dataset.id, file.id);
  await waitFor("the analysis", async () => (await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } })).status === "review", { timeoutMs: 120_000 });
  await commitImport(db, enqueue, admin, datasetImport.id);
  const imported = await waitFor("the import", async () => {
    const row = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
    return row.status === "completed" ? row : null;
  }, { timeoutMs: 120_000 });

  // 60 requests per minute: one row per second, slow enough to kill the worker in the middle.
  await db.networkAllowRule.create({ data: { workspaceId: admin.workspaceId, pattern: "127.0.0.1" } });
  const provider = await db.provider.create({ data: { workspaceId: admin.workspaceId, name: "fake", kind: "openai-compatible", baseUrl: fake.url, rpmLimit: 60 } });
  const model = await db.providerModel.create({ data: { workspaceId: admin.workspaceId, providerId: provider.id, name: "intent-classifier", capabilities: ["chat"] } });
  const { set } = await createFewShotSet(db, admin, { name: "examples", description: "", examples: sample.examples });
  await createTemplate(db, admin, { name: "intent", description: "" });
  const { version } = await createVersion(db, admin, "intent", versionSpecInput.parse({ messages: intentPromptMessages(sample.labels), variables: [{ name: "utterance" }], fewShotSetId: set.id, strategy: { kind: "few_shot" } }));

  const input = createExperimentInput.parse({
    name: "killed",
    datasetVersionId: imported.versionId,
    rowLimit: 15,
    concurrency: 2,
    variants: [{ promptVersionId: version.id, modelId: model.id }],
  });
  const { experiment } = await createExperiment(db, enqueue, admin, input);

  await waitFor("four rows to finish", async () => (await db.experimentResult.count({ where: { experimentId: experiment.id } })) >= 4, { timeoutMs: 120_000, intervalMs: 100 });
  await first.stop("SIGKILL");
  const beforeKill = await db.experimentResult.findMany({ where: { experimentId: experiment.id }, select: { id: true } });
  expect(beforeKill.length).toBeLessThan(15);
  expect((await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } })).status).toBe("running");

  startWorker();
  const finished = await waitFor("the experiment to finish on the second worker", async () => {
    const row = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    if (row.status === "failed") throw new Error(`experiment failed: ${row.error}`);
    return row.status === "completed" ? row : null;
  }, { timeoutMs: 200_000, intervalMs: 500 });

  expect(finished.doneCalls).toBe(15);
  const results = await db.experimentResult.findMany({ where: { experimentId: experiment.id }, select: { id: true, rowKey: true, status: true } });
  expect(results).toHaveLength(15);
  expect(new Set(results.map((result) => result.rowKey)).size).toBe(15);
  expect(results.every((result) => result.status === "ok")).toBe(true);
  const ids = new Set(results.map((result) => result.id));
  expect(beforeKill.every((result) => ids.has(result.id))).toBe(true);
});
