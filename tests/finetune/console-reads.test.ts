import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as registerBaseModelExport } from "@/app/api/v1/base-models/route";
import { POST as planJobExport } from "@/app/api/v1/fine-tuning/plan/route";
import { initialDraft, NUMBER_FIELDS, validateDraft, type LaunchDraft } from "@/components/finetune/launch/form-state";
import type { BaseModelOption } from "@/components/finetune/launch/types";
import { runAction } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/result";
import type { Actor } from "@/lib/auth/actor";
import { listJobSummariesAction, listLaunchOptionsAction, listModelVersionSummariesAction, readJobDatasetVersionAction } from "@/lib/finetune/console-actions";
import type { DatasetVersionOption } from "@/lib/finetune/console-reads";
import { registerInstance } from "@/lib/system/instance";
import { resolveAs } from "../users/fixtures";
import { buildTinyModel, pythonEnv, startFinetuneHarness, tinyEvaluation, tinyHyperparameters, type FinetuneHarness } from "./harness";

/** Returns an action's data, failing the test with the action's error code when it failed. */
function dataOf<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`the action failed with ${result.error.code}`);
  return result.data;
}

describe("fine-tuning console reads", () => {
  let harness: FinetuneHarness;
  let admin: Actor;
  let viewer: Actor;
  let baseModelId: string;
  let classificationVersionId: string;

  const asAdmin = () => resolveAs(harness.db, admin);

  async function createJob(name: string, datasetVersionId: string, workspaceId = admin.workspaceId, modelId = baseModelId) {
    return harness.db.fineTuneJob.create({
      data: {
        workspaceId,
        externalId: `ftjob-${name.padEnd(24, "0").slice(0, 24)}`,
        name,
        baseModelId: modelId,
        datasetVersionId,
        task: "chat_sft",
        method: "lora",
        hyperparameters: {},
        createdById: admin.userId,
      },
    });
  }

  beforeAll(async () => {
    harness = await startFinetuneHarness();
    admin = harness.seed.admin.actor;
    viewer = harness.seed.viewer.actor;
    const csv = Buffer.from("text,label\nI lost my card,lost_card\nWhere is my refund,refund\nMy card was stolen,lost_card\n");
    classificationVersionId = (await harness.importNewDataset(harness.token, "intents", "intents.csv", csv)).versionId;
    const model = await harness.db.baseModel.create({ data: { workspaceId: admin.workspaceId, name: "tiny", source: "local", localPath: "/nonexistent/tiny" } });
    baseModelId = model.id;
  }, 300_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it("lists jobs newest first with names", async () => {
    const older = await createJob("older", harness.chatVersionId);
    const newer = await createJob("newer", classificationVersionId);
    await harness.db.fineTuneJob.update({ where: { id: older.id }, data: { createdAt: new Date(Date.now() - 60_000) } });

    const result = await runAction(listJobSummariesAction, {}, asAdmin());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.jobs.map((job) => job.id)).toEqual([newer.id, older.id]);
    expect(result.data.jobs[1]?.datasetVersion).toMatchObject({ id: harness.chatVersionId, datasetName: "crosswoz-chats", number: 1 });
    expect(result.data.jobs[0]?.datasetVersion?.datasetName).toBe("intents");
    expect(result.data.jobs[0]?.baseModel).toEqual({ id: baseModelId, name: "tiny" });
    expect(result.data.jobs[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("names the dataset version of one job, for a viewer too", async () => {
    const job = await createJob("named", harness.chatVersionId);

    const result = dataOf(await runAction(readJobDatasetVersionAction, { jobId: job.id }, resolveAs(harness.db, viewer)));
    const missing = dataOf(await runAction(readJobDatasetVersionAction, { jobId: "no-such-job" }, asAdmin()));

    expect(result).toMatchObject({ id: harness.chatVersionId, datasetName: "crosswoz-chats", number: 1 });
    expect(missing).toBeNull();
  });

  it("pages jobs with a cursor", async () => {
    const first = await runAction(listJobSummariesAction, { limit: 1 }, asAdmin());
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.data.nextCursor).toBeTruthy();
    if (!first.data.nextCursor) return;

    const second = await runAction(listJobSummariesAction, { limit: 1, before: first.data.nextCursor }, asAdmin());

    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.data.jobs).toHaveLength(1);
    expect(second.data.jobs[0]?.id).not.toBe(first.data.jobs[0]?.id);
  });

  it("lets a viewer read jobs", async () => {
    const result = await runAction(listJobSummariesAction, {}, resolveAs(harness.db, viewer));
    expect(result.ok).toBe(true);
  });

  it("rejects a read without a session", async () => {
    const result = await runAction(listJobSummariesAction, {}, resolveAs(harness.db, null));
    expect(result).toEqual({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("rejects an oversized page", async () => {
    const result = await runAction(listJobSummariesAction, { limit: 5000 }, asAdmin());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("INVALID_INPUT");
    expect(result.error.fieldErrors?.limit).toBeDefined();
  });

  it("hides other workspaces", async () => {
    const other = await harness.db.workspace.create({ data: { slug: "other", name: "Other workspace" } });
    const otherModel = await harness.db.baseModel.create({ data: { workspaceId: other.id, name: "theirs", source: "local", localPath: "/nonexistent/theirs" } });
    const otherDataset = await harness.db.dataset.create({ data: { workspaceId: other.id, name: "secret", type: "chat" } });
    const otherVersion = await harness.db.datasetVersion.create({ data: { datasetId: otherDataset.id, number: 1, operation: "import", status: "ready", readyAt: new Date() } });
    const hidden = await createJob("theirs", otherVersion.id, other.id, otherModel.id);

    const jobs = await runAction(listJobSummariesAction, {}, asAdmin());
    const options = await runAction(listLaunchOptionsAction, undefined, asAdmin());

    expect(dataOf(jobs).jobs.map((job) => job.id)).not.toContain(hidden.id);
    expect(dataOf(options).datasetVersions.map((version) => version.id)).not.toContain(otherVersion.id);
    expect(dataOf(await runAction(readJobDatasetVersionAction, { jobId: hidden.id }, asAdmin()))).toBeNull();
  });

  it("lists model versions with names", async () => {
    const job = await createJob("registered", harness.chatVersionId);
    await harness.db.modelVersion.create({
      data: { workspaceId: admin.workspaceId, name: "ft:tiny:registered", baseModelId, jobId: job.id, datasetVersionId: harness.chatVersionId, providerModelId: null },
    });

    const result = await runAction(listModelVersionSummariesAction, {}, asAdmin());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.versions).toHaveLength(1);
    expect(result.data.versions[0]).toMatchObject({
      name: "ft:tiny:registered",
      baseModel: { id: baseModelId, name: "tiny" },
      job: { id: job.id, name: "registered", externalId: job.externalId },
      datasetVersion: { id: harness.chatVersionId, datasetName: "crosswoz-chats", number: 1 },
      servedAsChatModel: false,
    });
  });

  it("offers ready versions with type and splits", async () => {
    const result = await runAction(listLaunchOptionsAction, undefined, asAdmin());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const chat = result.data.datasetVersions.find((version) => version.id === harness.chatVersionId);
    const intents = result.data.datasetVersions.find((version) => version.id === classificationVersionId);
    expect(chat).toMatchObject({ datasetName: "crosswoz-chats", type: "chat", number: 1, rowCount: 13, splits: { train: 8, validation: 3, test: 2, none: 0 } });
    expect(intents).toMatchObject({ type: "classification", multiLabel: false, labelCount: 2, splits: { train: 0, validation: 0, test: 0, none: 3 } });
    expect(result.data.gpuWorkerAvailable).toBe(false);
  });

  it("leaves out archived datasets", async () => {
    const intents = await harness.db.datasetVersion.findUniqueOrThrow({ where: { id: classificationVersionId } });
    await harness.db.dataset.update({ where: { id: intents.datasetId }, data: { archivedAt: new Date() } });

    const result = await runAction(listLaunchOptionsAction, undefined, asAdmin());

    await harness.db.dataset.update({ where: { id: intents.datasetId }, data: { archivedAt: null } });
    expect(dataOf(result).datasetVersions.map((version) => version.id)).not.toContain(classificationVersionId);
  });

  it("reports a live GPU worker", async () => {
    // registerInstance keys the row by service, host and pid, so this replaces the harness's own worker row.
    await registerInstance(harness.db, "worker", { trainingDevice: "cuda" });

    const result = await runAction(listLaunchOptionsAction, undefined, asAdmin());

    await registerInstance(harness.db, "worker", { tests: "datasets" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.gpuWorkerAvailable).toBe(true);
  });

  it("rejects launch options for a viewer", async () => {
    const result = await runAction(listLaunchOptionsAction, undefined, resolveAs(harness.db, viewer));
    expect(result).toEqual({ ok: false, error: { code: "FORBIDDEN" } });
  });

  describe.skipIf(!pythonEnv)("with the trainer", () => {
    let workDir: string;
    let model: BaseModelOption;
    let chatVersion: DatasetVersionOption;

    const plan = (body: unknown) => harness.request<{ data: { trainableRatio: number; memoryMb: { total: number } } }>(planJobExport, "/fine-tuning/plan", { body });

    /** Builds the form as a user fills it for a few steps on the tiny model. */
    function tinyDraft(overrides: Partial<LaunchDraft> = {}): LaunchDraft {
      const base = initialDraft();
      const hyperparameters = tinyHyperparameters() as Record<string, number>;
      const numbers = { ...base.numbers };
      for (const field of NUMBER_FIELDS) if (field in hyperparameters) numbers[field] = String(hyperparameters[field]);
      const evaluation = { max_rows: String(tinyEvaluation.max_rows), max_new_tokens: String(tinyEvaluation.max_new_tokens), batch_size: String(tinyEvaluation.batch_size) };
      return { ...base, baseModelId: model.id, datasetVersionId: chatVersion.id, task: "chat_sft", numbers, evaluation, ...overrides };
    }

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(tmpdir(), "luodi-finetune-console-"));
      const modelPath = await buildTinyModel(workDir);
      const registered = await harness.request<{ data: BaseModelOption }>(registerBaseModelExport, "/base-models", { body: { name: "tiny-llama", localPath: modelPath } });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      model = registered.body.data;
      const options = await runAction(listLaunchOptionsAction, undefined, asAdmin());
      if (!options.ok) throw new Error(`launch options failed: ${options.error.code}`);
      chatVersion = options.data.datasetVersions.find((version) => version.id === harness.chatVersionId)!;
    }, 300_000);

    afterAll(async () => {
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it("plans the form's body with the trainer", async () => {
      const { issues, body } = validateDraft(tinyDraft(), { baseModel: model, version: chatVersion, gpuWorkerAvailable: false });
      expect(issues).toEqual([]);

      const response = await plan(body);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.data.trainableRatio).toBeGreaterThan(0);
      expect(response.body.data.trainableRatio).toBeLessThan(1);
      expect(response.body.data.memoryMb.total).toBeGreaterThan(0);
    }, 200_000);

    it("plans picked target modules", async () => {
      const { body } = validateDraft(tinyDraft({ targetModules: ["q_proj", "k_proj"] }), { baseModel: model, version: chatVersion, gpuWorkerAvailable: false });

      const response = await plan(body);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect((response.body.data as unknown as { targetModules: string[] }).targetModules).toEqual(["q_proj", "k_proj"]);
    }, 200_000);
  });
});
