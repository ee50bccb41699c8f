import { execFile } from "node:child_process";
import { cp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import OpenAI, { toFile } from "openai";
import type { JobCreateParams } from "openai/resources/fine-tuning/jobs/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as registerBaseModelExport } from "@/app/api/v1/base-models/route";
import { waitFor } from "../helpers/wait-for";
import { pythonEnv } from "../finetune/harness";
import { chatJsonl, startFineTuningGateway, TEST_FILE_LIMIT_MB, tinyJobHyperparameters, type FineTuningGateway } from "./fine-tuning-harness";

const TERMINAL = ["succeeded", "failed", "cancelled"];
const execFileAsync = promisify(execFile);
const pythonScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "python", "fine_tuning_check.py");

/** Runs `call` and returns the OpenAI SDK error it throws, failing the test when it succeeds. */
async function sdkError(call: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call();
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("the call succeeded, but an error was expected");
}

describe.skipIf(!pythonEnv)("OpenAI fine-tuning API through the gateway", () => {
  let gateway: FineTuningGateway;
  let client: OpenAI;
  let keyId: string;

  /** Creates a job; the SDK types know only OpenAI's three hyperparameters, so Luodi's extra ones are cast. */
  const createJob = (params: Record<string, unknown>) => client.fineTuning.jobs.create(params as unknown as JobCreateParams);
  const upload = async (name: string, bytes: Buffer, purpose = "fine-tune") => client.files.create({ file: await toFile(bytes, name), purpose: purpose as "fine-tune" });
  const waitForJob = (jobId: string, done: (status: string) => boolean, timeoutMs = 240_000) =>
    waitFor(`job ${jobId}`, async () => {
      const job = await client.fineTuning.jobs.retrieve(jobId);
      return done(job.status) ? job : null;
    }, { timeoutMs, intervalMs: 500 });

  beforeAll(async () => {
    gateway = await startFineTuningGateway();
    const created = await gateway.createKey({ fineTuningEnabled: true });
    keyId = created.id;
    client = gateway.client(created.key);
  }, 300_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it("uploads files and trains a job to a fine-tuned model", { timeout: 300_000 }, async () => {
    const training = await upload("crosswoz-train.jsonl", chatJsonl(0, 8));
    const validation = await upload("crosswoz-validation.jsonl", chatJsonl(8, 3));
    expect(training).toMatchObject({ object: "file", purpose: "fine-tune", status: "processed", filename: "crosswoz-train.jsonl", bytes: chatJsonl(0, 8).length });
    expect(training.id).toMatch(/^file-[A-Za-z0-9]{24}$/);

    expect((await client.files.retrieve(training.id)).id).toBe(training.id);
    const listed = await client.files.list();
    expect(listed.data.map((file) => file.id)).toEqual([validation.id, training.id]);
    expect(await (await client.files.content(training.id)).text()).toBe(chatJsonl(0, 8).toString("utf8"));

    const stored = await gateway.db.gatewayFile.findUniqueOrThrow({ where: { externalId: training.id } });
    expect(stored.apiKeyId).toBe(keyId);
    const importedVersion = await gateway.db.datasetVersion.findUniqueOrThrow({ where: { id: stored.datasetVersionId ?? "" }, include: { dataset: true } });
    expect(importedVersion.rowCount).toBe(8);
    expect(importedVersion.dataset.type).toBe("chat");
    expect(importedVersion.dataset.name).toBe(`crosswoz-train.jsonl (${training.id})`);

    const created = await createJob({ model: "tiny-llama", training_file: training.id, validation_file: validation.id, seed: 7, suffix: "crosswoz", hyperparameters: tinyJobHyperparameters() });
    expect(created.id).toMatch(/^ftjob-[a-z0-9]{24}$/);
    expect(created).toMatchObject({ object: "fine_tuning.job", model: "tiny-llama", status: "queued", training_file: training.id, validation_file: validation.id, seed: 7, fine_tuned_model: null, trained_tokens: null, error: null });
    expect(created.hyperparameters).toEqual({ n_epochs: 1, batch_size: 2, learning_rate_multiplier: 25 });
    expect(created.method).toEqual({ type: "supervised", supervised: { hyperparameters: { n_epochs: 1, batch_size: 2, learning_rate_multiplier: 25 } } });

    const job = await waitForJob(created.id, (status) => TERMINAL.includes(status));
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    expect(job.fine_tuned_model).toBe(`ft:tiny-llama:${created.id}`);
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect(job.finished_at).toBeGreaterThanOrEqual(job.created_at);

    const row = await gateway.db.fineTuneJob.findUniqueOrThrow({ where: { externalId: created.id } });
    expect(row.apiKeyId).toBe(keyId);
    expect(row.method).toBe("lora");
    expect(row.task).toBe("chat_sft");
    const splits = await gateway.db.datasetRow.groupBy({ by: ["split"], where: { versionId: row.datasetVersionId }, _count: true });
    expect(Object.fromEntries(splits.map((split) => [split.split, split._count]))).toEqual({ train: 8, validation: 3 });

    const events = await client.fineTuning.jobs.listEvents(created.id, { limit: 200 });
    const metrics = events.data.filter((event) => event.type === "metrics" && (event.data as { train_loss?: unknown }).train_loss !== undefined);
    expect(metrics).toHaveLength(4);
    for (const event of metrics) {
      expect(event.object).toBe("fine_tuning.job.event");
      expect(typeof (event.data as { step: unknown }).step).toBe("number");
      expect(typeof (event.data as { train_loss: unknown }).train_loss).toBe("number");
    }
    expect(events.data.map((event) => event.message)).toContain(`New fine-tuned model created: ft:tiny-llama:${created.id}`);
    const ids = events.data.map((event) => Number(event.id.replace("ftevent-", "")));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const firstPage = await client.fineTuning.jobs.listEvents(created.id, { limit: 3 });
    expect(firstPage.has_more).toBe(true);
    const secondPage = await client.fineTuning.jobs.listEvents(created.id, { limit: 3, after: firstPage.data.at(-1)!.id });
    expect(secondPage.data[0]!.id).toBe(events.data[3]!.id);

    const checkpoints = await client.fineTuning.jobs.checkpoints.list(created.id);
    expect(checkpoints.data.map((checkpoint) => checkpoint.step_number)).toEqual([4, 2]);
    expect(checkpoints.data[0]!.fine_tuned_model_checkpoint).toBe(`ft:tiny-llama:${created.id}:ckpt-step-4`);

    const jobs = await client.fineTuning.jobs.list();
    expect(jobs.data.map((item) => item.id)).toContain(created.id);

    const audits = await gateway.db.auditEvent.findMany({ where: { actorType: "api_key", actorId: keyId }, orderBy: { id: "asc" } });
    expect(audits.map((audit) => audit.action)).toEqual(["gateway.file_upload", "gateway.file_upload", "finetune.job_launch"]);
  });

  it("cancels a running job", { timeout: 300_000 }, async () => {
    const training = await upload("crosswoz-long.jsonl", chatJsonl(0, 8));
    const created = await createJob({ model: "tiny-llama", training_file: training.id, seed: 3, hyperparameters: tinyJobHyperparameters({ n_epochs: 200, eval_steps: 1000, save_steps: 1000 }) });
    expect(created.validation_file).toBeNull();
    const row = await gateway.db.fineTuneJob.findUniqueOrThrow({ where: { externalId: created.id } });
    const splits = await gateway.db.datasetRow.groupBy({ by: ["split"], where: { versionId: row.datasetVersionId }, _count: true });
    expect(Object.fromEntries(splits.map((split) => [split.split, split._count]))).toEqual({ train: 7, validation: 1 });

    await waitFor("a training step", async () => (await client.fineTuning.jobs.listEvents(created.id, { limit: 50 })).data.some((event) => event.type === "metrics"), { timeoutMs: 180_000, intervalMs: 500 });
    const cancelling = await client.fineTuning.jobs.cancel(created.id);
    expect(cancelling.id).toBe(created.id);

    const job = await waitForJob(created.id, (status) => status !== "running" && status !== "queued", 120_000);
    expect(job.status).toBe("cancelled");
    expect(job.fine_tuned_model).toBeNull();
    const again = await sdkError(() => client.fineTuning.jobs.cancel(created.id));
    expect(again.status).toBe(400);
    expect(again.code).toBe("job_not_active");
  });

  it("trains a job with the official Python SDK", { timeout: 300_000 }, async () => {
    const file = path.join(gateway.workDir, "python-train.jsonl");
    await writeFile(file, chatJsonl(0, 6));
    const { stdout } = await execFileAsync(
      path.join(pythonEnv!, "bin", "python"),
      [pythonScript, "--base-url", gateway.baseURL, "--api-key", (await gateway.createKey({ fineTuningEnabled: true })).key, "--model", "tiny-llama", "--file", file],
      { timeout: 280_000 },
    );
    const result = JSON.parse(stdout) as Record<string, Record<string, unknown>>;

    expect(result.file).toMatchObject({ status: "processed", bytes: chatJsonl(0, 6).length });
    expect(result.created).toMatchObject({ status: "queued", model: "tiny-llama", training_file: result.file!.id, seed: 11 });
    expect(result.retrieved).toEqual({ status: "succeeded", fine_tuned_model: `ft:tiny-llama:${String(result.created!.id)}`, error: null });
    expect(result.events!.objects).toEqual(["fine_tuning.job.event"]);
    // 6 examples with one held out for validation: 5 training rows, batches of 2, one epoch.
    expect(result.events!.metrics_steps).toEqual([1, 2, 3]);
    expect(result.not_found).toEqual({ status: 404, code: "fine_tuning_job_not_found" });
  });

  it("rejects a malformed line and keeps nothing", async () => {
    const counts = async () => [await gateway.db.gatewayFile.count(), await gateway.db.storedFile.count(), await gateway.db.dataset.count()];
    const before = await counts();
    const lines = chatJsonl(0, 3).toString("utf8").split("\n");
    lines[1] = '{"messages": [{"role": "user", "content": "hi"}, {"role": "bot", "content": "hello"}]}';

    const error = await sdkError(() => upload("broken.jsonl", Buffer.from(lines.join("\n"))));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_file_format");
    expect(error.param).toBe("file");
    expect(error.message).toContain("Line 2 of broken.jsonl is invalid: messages[1].role is \"bot\"");
    expect(error.message).toContain('Use "system", "user" or "assistant"');

    const notJson = await sdkError(() => upload("not-json.jsonl", Buffer.from(`${lines[0]}\n{"messages": [\n`)));
    expect(notJson.message).toContain("Line 2 of not-json.jsonl is invalid: it is not valid JSON");

    const wrongPurpose = await sdkError(() => upload("purpose.jsonl", chatJsonl(0, 2), "assistants"));
    expect(wrongPurpose.status).toBe(400);
    expect(wrongPurpose.param).toBe("purpose");
    expect(await counts()).toEqual(before);
  });

  it("rejects a file over the limit", async () => {
    const line = chatJsonl(0, 1);
    const big = Buffer.concat(Array(Math.ceil((TEST_FILE_LIMIT_MB * 1024 * 1024 * 1.5) / line.length)).fill(line));
    const error = await sdkError(() => upload("big.jsonl", big));
    expect(error.status).toBe(413);
    expect(error.code).toBe("file_too_large");
    expect(error.message).toContain("LUODI_GATEWAY_MAX_FILE_MB");
  });

  it("rejects unknown models, files and jobs", async () => {
    const training = await upload("small.jsonl", chatJsonl(0, 4));

    const model = await sdkError(() => createJob({ model: "gpt-4o-mini", training_file: training.id }));
    expect(model.status).toBe(400);
    expect(model.param).toBe("model");
    expect(model.code).toBe("model_not_found");
    expect(model.message).toContain("tiny-llama");

    const file = await sdkError(() => createJob({ model: "tiny-llama", training_file: "file-doesnotexist" }));
    expect(file.status).toBe(400);
    expect(file.param).toBe("training_file");
    expect(file.code).toBe("file_not_found");

    const validation = await sdkError(() => createJob({ model: "tiny-llama", training_file: training.id, validation_file: "file-missing" }));
    expect(validation.param).toBe("validation_file");

    const epochs = await sdkError(() => createJob({ model: "tiny-llama", training_file: training.id, hyperparameters: { n_epochs: 0 } }));
    expect(epochs.status).toBe(400);
    expect(epochs.param).toBe("hyperparameters.n_epochs");

    const method = await sdkError(() => createJob({ model: "tiny-llama", training_file: training.id, method: { type: "dpo" } }));
    expect(method.param).toBe("method.type");

    const single = await upload("single.jsonl", chatJsonl(0, 1));
    const tooFew = await sdkError(() => createJob({ model: "tiny-llama", training_file: single.id }));
    expect(tooFew.param).toBe("training_file");
    expect(tooFew.code).toBe("too_few_examples");

    const job = await sdkError(() => client.fineTuning.jobs.retrieve("ftjob-doesnotexist"));
    expect(job.status).toBe(404);
    const content = await sdkError(() => client.files.retrieve("file-doesnotexist"));
    expect(content.status).toBe(404);

    const deleted = await client.files.delete(single.id);
    expect(deleted).toEqual({ id: single.id, object: "file", deleted: true });
    expect((await sdkError(() => client.files.retrieve(single.id))).status).toBe(404);
  });

  it("maps a launch check failure to param", { timeout: 120_000 }, async () => {
    const folder = path.join(gateway.workDir, "broken-model");
    await cp(gateway.modelPath, folder, { recursive: true });
    const registered = await gateway.harness.request(registerBaseModelExport, "/base-models", { body: { name: "broken-model", localPath: folder } });
    expect(registered.status).toBe(201);
    await rm(path.join(folder, "config.json"));

    const training = await upload("for-broken.jsonl", chatJsonl(0, 4));
    const error = await sdkError(() => createJob({ model: "broken-model", training_file: training.id, hyperparameters: tinyJobHyperparameters() }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("model");
    expect(error.code).toBe("base_model_folder_missing");
    expect(await gateway.db.fineTuneJob.count({ where: { baseModel: { name: "broken-model" } } })).toBe(0);
  });

  it("rejects keys without permission or from another workspace", async () => {
    const training = await upload("private.jsonl", chatJsonl(0, 2));

    const { key } = await gateway.createKey({ fineTuningEnabled: false });
    const denied = gateway.client(key);
    for (const call of [() => denied.files.list(), () => denied.fineTuning.jobs.list(), async () => denied.files.create({ file: await toFile(chatJsonl(0, 2), "x.jsonl"), purpose: "fine-tune" })]) {
      const error = await sdkError(call);
      expect(error.status).toBe(403);
      expect(error.code).toBe("fine_tuning_not_enabled");
      expect(error.message).toContain("fineTuningEnabled");
    }

    const otherWorkspace = await gateway.db.workspace.create({ data: { slug: "other", name: "Other" } });
    const other = gateway.client((await gateway.createKey({ fineTuningEnabled: true, workspaceId: otherWorkspace.id })).key);
    expect((await sdkError(() => other.files.retrieve(training.id))).status).toBe(404);
    expect((await other.files.list()).data).toEqual([]);
    expect((await other.fineTuning.jobs.list()).data).toEqual([]);
    const someJob = await gateway.db.fineTuneJob.findFirstOrThrow({ where: { apiKeyId: { not: null } } });
    expect((await sdkError(() => other.fineTuning.jobs.retrieve(someJob.externalId))).status).toBe(404);
    expect((await sdkError(() => other.fineTuning.jobs.cancel(someJob.externalId))).status).toBe(404);
  });
});
