import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBaseModelExport } from "@/app/api/v1/base-models/[baseModelId]/route";
import { GET as listBaseModelsExport, POST as registerBaseModelExport } from "@/app/api/v1/base-models/route";
import { POST as launchJobExport } from "@/app/api/v1/fine-tuning/jobs/route";
import { POST as planJobExport } from "@/app/api/v1/fine-tuning/plan/route";
import { buildTinyModel, crossWozChats, pythonEnv, startFinetuneHarness, tinyEvaluation, tinyHyperparameters, type FinetuneHarness } from "./harness";

type ErrorView = { error: { code: string; message: string; reason?: string; params?: Record<string, unknown>; fields?: Record<string, string[]> } };
type BaseModelView = { id: string; name: string; architecture: string | null; modelType: string | null; parameterCount: number | null; contextLength: number | null; hasChatTemplate: boolean; defaultTargetModules: string[]; candidateTargetModules: string[] };

describe.skipIf(!pythonEnv)("fine-tuning launch checks", () => {
  let harness: FinetuneHarness;
  let workDir: string;
  let modelPath: string;
  let baseModel: BaseModelView;

  const register = (body: Record<string, unknown>, token?: string) => harness.request<{ data: BaseModelView } & ErrorView>(registerBaseModelExport, "/base-models", { body, token });
  const plan = (body: Record<string, unknown>) => harness.request<{ data: Record<string, unknown> } & ErrorView>(planJobExport, "/fine-tuning/plan", { body });
  const launch = (body: Record<string, unknown>) => harness.request<ErrorView>(launchJobExport, "/fine-tuning/jobs", { body });
  const jobInput = (overrides: Record<string, unknown> = {}) => ({
    baseModelId: baseModel.id,
    datasetVersionId: harness.chatVersionId,
    task: "chat_sft",
    method: "lora",
    hyperparameters: tinyHyperparameters(),
    evaluation: tinyEvaluation,
    ...overrides,
  });

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-finetune-checks-"));
    [harness, modelPath] = await Promise.all([startFinetuneHarness(), buildTinyModel(workDir)]);
    const registered = await register({ name: "tiny-llama", localPath: modelPath });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    baseModel = registered.body.data;
  }, 300_000);

  afterAll(async () => {
    await harness?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("registers a base model with what inspect read", async () => {
    expect(baseModel.architecture).toBe("LlamaForCausalLM");
    expect(baseModel.modelType).toBe("llama");
    expect(baseModel.contextLength).toBe(512);
    expect(baseModel.hasChatTemplate).toBe(true);
    expect(baseModel.parameterCount).toBeGreaterThan(0);
    expect(baseModel.defaultTargetModules).toContain("q_proj");

    const fetched = await harness.request<{ data: BaseModelView }>(getBaseModelExport, `/base-models/${baseModel.id}`, { params: { baseModelId: baseModel.id } });
    expect(fetched.body.data.id).toBe(baseModel.id);
    const listed = await harness.request<{ data: BaseModelView[] }>(listBaseModelsExport, "/base-models");
    expect(listed.body.data.map((model) => model.id)).toContain(baseModel.id);
    const audit = await harness.db.auditEvent.findFirst({ where: { action: "finetune.base_model_register", targetId: baseModel.id } });
    expect(audit?.actorId).toBe(harness.seed.admin.id);
  });

  it("rejects a missing model folder by path", async () => {
    const missing = path.join(workDir, "no-such-model");
    const response = await register({ name: "ghost", localPath: missing });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.folder_missing");
    expect(response.body.error.message).toContain(missing);
  });

  it("rejects a model folder without its tokenizer", async () => {
    const broken = path.join(workDir, "no-tokenizer");
    await cp(modelPath, broken, { recursive: true });
    await rm(path.join(broken, "tokenizer.json"));
    await rm(path.join(broken, "tokenizer_config.json"));

    const response = await register({ name: "no-tokenizer", localPath: broken });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.file_missing");
    expect(response.body.error.message).toContain("tokenizer");
    expect(await harness.db.baseModel.count({ where: { name: "no-tokenizer" } })).toBe(0);
  });

  it("rejects registration by a viewer", async () => {
    const response = await register({ name: "viewer-model", localPath: modelPath }, harness.seed.viewer.token);
    expect(response.status).toBe(403);
  });

  it("plans a LoRA job with ratio and memory", async () => {
    const response = await plan(jobInput());

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const data = response.body.data as { trainableRatio: number; trainableParameters: number; memoryMb: { total: number }; rows: Record<string, number>; targetModules: string[] };
    expect(data.trainableRatio).toBeGreaterThan(0);
    expect(data.trainableRatio).toBeLessThan(1);
    expect(data.trainableParameters).toBeGreaterThan(0);
    expect(data.memoryMb.total).toBeGreaterThan(0);
    expect(data.rows).toEqual({ train: 8, validation: 3, test: 2 });
    expect(data.targetModules).toContain("q_proj");
  });

  it("rejects hyperparameters out of range", async () => {
    const response = await launch(jobInput({ name: "bad-rank", hyperparameters: tinyHyperparameters({ lora_rank: 0, learning_rate: 5 }) }));

    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields ?? {})).toEqual(expect.arrayContaining(["hyperparameters.lora_rank", "hyperparameters.learning_rate"]));
    expect(await harness.db.fineTuneJob.count()).toBe(0);
  });

  it("rejects max_length over the base model's context length", async () => {
    const response = await launch(jobInput({ name: "too-long", hyperparameters: tinyHyperparameters({ max_length: 4096 }) }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.max_length_over_context");
    expect(response.body.error.params).toMatchObject({ maxLength: 4096, context: 512 });
    expect(response.body.error.fields?.["hyperparameters.max_length"]?.[0]).toContain("512");
    expect(await harness.db.fineTuneJob.count()).toBe(0);
  });

  it("rejects a max_length that leaves no train row an assistant token", async () => {
    const response = await launch(jobInput({ name: "too-short", hyperparameters: tinyHyperparameters({ max_length: 8 }) }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.max_length_drops_all_rows");
    expect(response.body.error.params).toMatchObject({ file: "train.jsonl", maxLength: 8 });
    expect(response.body.error.fields?.["hyperparameters.max_length"]?.[0]).toContain("assistant token");
    expect(await harness.db.fineTuneJob.count()).toBe(0);
  });

  it("rejects qlora without a GPU worker", async () => {
    const response = await launch(jobInput({ name: "qlora", method: "qlora" }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.gpu_required");
  });

  it("rejects a dataset version without validation split", async () => {
    const imported = await harness.importNewDataset(harness.token, "train-only", "train_only.jsonl", crossWozChats({ train: 4, validation: 0, test: 0 }));

    const response = await launch(jobInput({ name: "no-validation", datasetVersionId: imported.versionId }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.no_validation_split");
  });

  it("rejects a dataset type that does not fit the task", async () => {
    const csv = Buffer.from("text,label\nI lost my card,lost_card\nWhere is my refund,refund\nMy card was stolen,lost_card\nRefund please,refund\n");
    const imported = await harness.importNewDataset(harness.token, "intents", "intents.csv", csv);

    const response = await launch(jobInput({ name: "mismatch", datasetVersionId: imported.versionId }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.dataset_type_mismatch");
    expect(response.body.error.params).toMatchObject({ task: "chat_sft", type: "classification", expected: "chat" });
  });

  it("asks for target modules on an unknown architecture", async () => {
    const folder = path.join(workDir, "unknown-architecture");
    await cp(modelPath, folder, { recursive: true });
    const config = JSON.parse(await readFile(path.join(folder, "config.json"), "utf8")) as Record<string, unknown>;
    await writeFile(path.join(folder, "config.json"), JSON.stringify({ ...config, model_type: "tinyunknown" }));
    const registered = await register({ name: "unknown-architecture", localPath: folder });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.data.defaultTargetModules).toEqual([]);
    expect(registered.body.data.candidateTargetModules).toContain("q_proj");

    const response = await launch(jobInput({ name: "no-targets", baseModelId: registered.body.data.id }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.target_modules_required");
    expect(response.body.error.fields?.["hyperparameters.target_modules"]).toBeDefined();
  });

  it("rejects a base model whose folder is gone", async () => {
    const folder = path.join(workDir, "moved-away");
    await cp(modelPath, folder, { recursive: true });
    const registered = await register({ name: "moved-away", localPath: folder });
    expect(registered.status).toBe(201);
    await rm(folder, { recursive: true });

    const response = await launch(jobInput({ name: "gone", baseModelId: registered.body.data.id }));

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe("finetune.base_model_folder_missing");
    expect(response.body.error.message).toContain(folder);
    expect(await harness.db.fineTuneJob.count()).toBe(0);
  });
});
