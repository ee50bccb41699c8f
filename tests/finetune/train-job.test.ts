import { createHash } from "node:crypto";
import { cp, readFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as registerBaseModelExport } from "@/app/api/v1/base-models/route";
import { GET as downloadArtifactExport } from "@/app/api/v1/fine-tuning/jobs/[jobId]/artifacts/[artifactId]/download/route";
import { GET as listArtifactsExport } from "@/app/api/v1/fine-tuning/jobs/[jobId]/artifacts/route";
import { POST as cancelJobExport } from "@/app/api/v1/fine-tuning/jobs/[jobId]/cancel/route";
import { GET as listEventsExport } from "@/app/api/v1/fine-tuning/jobs/[jobId]/events/route";
import { GET as getJobExport } from "@/app/api/v1/fine-tuning/jobs/[jobId]/route";
import { POST as launchJobExport } from "@/app/api/v1/fine-tuning/jobs/route";
import { GET as listModelVersionsExport } from "@/app/api/v1/model-versions/route";
import { launchJob } from "@/lib/finetune/launch";
import { launchJobInput } from "@/lib/finetune/schemas";
import { apiRequest, withParams } from "../api/fixtures";
import { waitFor } from "../helpers/wait-for";
import { buildTinyModel, pythonEnv, startFinetuneHarness, tinyEvaluation, tinyHyperparameters, type FinetuneHarness, type JobView } from "./harness";

type EventView = { seq: string; type: string; data: Record<string, unknown> };
type ArtifactView = { id: string; kind: string; path: string; sizeBytes: number; sha256: string; files: { path: string; sizeBytes: number; sha256: string }[] };

describe.skipIf(!pythonEnv)("fine-tuning job", () => {
  let harness: FinetuneHarness;
  let workDir: string;
  let baseModelId: string;
  let modelPath: string;

  const readJob = async (jobId: string) => (await harness.request<{ data: JobView }>(getJobExport, `/fine-tuning/jobs/${jobId}`, { params: { jobId } })).body.data;
  const readEvents = async (jobId: string, after = "0") =>
    (await harness.request<{ data: EventView[] }>(listEventsExport, `/fine-tuning/jobs/${jobId}/events?after=${after}&limit=1000`, { params: { jobId } })).body.data;
  const launch = async (name: string, hyperparameters: Record<string, unknown>) => {
    const body = { name, baseModelId, datasetVersionId: harness.chatVersionId, task: "chat_sft", method: "lora", hyperparameters, evaluation: tinyEvaluation };
    const response = await harness.request<{ data: JobView }>(launchJobExport, "/fine-tuning/jobs", { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.data;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-finetune-train-"));
    [harness, modelPath] = await Promise.all([startFinetuneHarness(), buildTinyModel(workDir)]);
    const registered = await harness.request<{ data: { id: string } }>(registerBaseModelExport, "/base-models", { body: { name: "tiny-llama", localPath: modelPath } });
    expect(registered.status).toBe(201);
    baseModelId = registered.body.data.id;
  }, 300_000);

  afterAll(async () => {
    await harness?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("trains a LoRA chat job end to end", { timeout: 300_000 }, async () => {
    const launched = await launch("crosswoz-lora", tinyHyperparameters({ max_steps: 6 }));
    expect(launched.externalId).toMatch(/^ftjob-[a-z0-9]{24}$/);
    expect(launched.status).toBe("queued");

    const job = await harness.waitForJob(() => readJob(launched.id), (view) => ["succeeded", "failed", "cancelled"].includes(view.status));
    expect(job.status, `${job.errorCode}: ${job.errorMessage}`).toBe("succeeded");
    expect(job.progress).toBe(1);
    expect(job.step).toBe(6);
    expect(job.stage).toBe("register");
    expect(job.device).toBe("cpu");
    expect(job.computeSeconds).toBeGreaterThan(0);
    expect(typeof job.metrics?.loss).toBe("number");
    expect(typeof job.metrics?.eval_loss).toBe("number");
    expect(job.evaluation?.rows).toBe(2);
    expect(Object.keys(job.evaluation?.tuned ?? {})).toEqual(expect.arrayContaining(["exact_match", "rouge_l", "perplexity"]));

    const events = await readEvents(launched.id);
    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["attempt", "stage", "start", "step", "eval", "checkpoint", "artifact", "evaluation", "done", "registered"]));
    const losses = events.filter((event) => event.type === "step").map((event) => event.data.loss);
    expect(losses).toHaveLength(6);
    expect(losses.every((loss) => typeof loss === "number")).toBe(true);
    const seqs = events.map((event) => BigInt(event.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    const later = await readEvents(launched.id, events[3]!.seq);
    expect(later[0]?.seq).toBe(events[4]!.seq);

    const artifacts = (await harness.request<{ data: ArtifactView[] }>(listArtifactsExport, `/fine-tuning/jobs/${launched.id}/artifacts`, { params: { jobId: launched.id } })).body.data;
    expect(artifacts.map((artifact) => artifact.kind).sort()).toEqual(["adapter", "checkpoint", "trainer_state"]);
    const adapter = artifacts.find((artifact) => artifact.kind === "adapter")!;
    const adapterFiles = adapter.files.map((file) => file.path);
    expect(adapterFiles).toEqual(expect.arrayContaining(["adapter_config.json", "adapter_model.safetensors"]));
    for (const file of adapter.files) {
      const bytes = await readFile(path.join(adapter.path, file.path));
      expect(createHash("sha256").update(bytes).digest("hex"), file.path).toBe(file.sha256);
    }
    const manifest = [...adapter.files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((file) => `${file.sha256}  ${file.path}\n`).join("");
    expect(createHash("sha256").update(manifest).digest("hex")).toBe(adapter.sha256);

    const download = await harness.handler(downloadArtifactExport)(
      apiRequest(`/fine-tuning/jobs/${launched.id}/artifacts/${adapter.id}/download?file=adapter_config.json`, { token: harness.token }),
      withParams({ jobId: launched.id, artifactId: adapter.id }),
    );
    expect(download.status).toBe(200);
    const downloaded = Buffer.from(await download.arrayBuffer());
    expect(createHash("sha256").update(downloaded).digest("hex")).toBe(adapter.files.find((file) => file.path === "adapter_config.json")!.sha256);
    const tar = await harness.handler(downloadArtifactExport)(
      apiRequest(`/fine-tuning/jobs/${launched.id}/artifacts/${adapter.id}/download`, { token: harness.token }),
      withParams({ jobId: launched.id, artifactId: adapter.id }),
    );
    expect(tar.headers.get("content-type")).toBe("application/x-tar");
    expect((await tar.arrayBuffer()).byteLength).toBeGreaterThan(adapter.sizeBytes);

    const versions = (await harness.request<{ data: { name: string; jobId: string; adapterArtifactId: string; providerModelId: string | null; datasetVersionId: string }[] }>(listModelVersionsExport, "/model-versions")).body.data;
    const version = versions.find((item) => item.jobId === launched.id);
    expect(version?.adapterArtifactId).toBe(adapter.id);
    expect(version?.datasetVersionId).toBe(harness.chatVersionId);
    expect(version?.name).toBe(`ft:tiny-llama:${launched.externalId}`);
    const localModel = await harness.db.providerModel.findUniqueOrThrow({ where: { id: version?.providerModelId ?? "" }, include: { provider: true } });
    expect(localModel.name).toBe(version?.name);
    expect(localModel.adapterPath).toBe(adapter.path);
    expect(localModel.provider.kind).toBe("local");
    expect((await stat(path.join(adapter.path, "adapter_model.safetensors"))).size).toBeGreaterThan(0);
  });

  it("cancels a running job and keeps its checkpoint", { timeout: 300_000 }, async () => {
    const launched = await launch("cancelled", tinyHyperparameters({ max_steps: 400, save_steps: 2, eval_steps: 1000 }));
    await waitFor("a checkpoint", async () => (await readJob(launched.id)).lastCheckpoint, { timeoutMs: 180_000, intervalMs: 300 });

    const cancelled = await harness.request<{ data: JobView }>(cancelJobExport, `/fine-tuning/jobs/${launched.id}/cancel`, { params: { jobId: launched.id }, method: "POST" });
    expect(cancelled.status).toBe(200);

    const job = await harness.waitForJob(() => readJob(launched.id), (view) => view.status !== "running" && view.status !== "queued", 120_000);
    expect(job.status).toBe("cancelled");
    expect(job.step).toBeLessThan(400);
    expect(job.lastCheckpoint).toMatch(/checkpoint-\d+$/);
    expect((await stat(path.join(job.lastCheckpoint ?? "", "trainer_state.json"))).isFile()).toBe(true);
    expect(await harness.db.modelVersion.count({ where: { jobId: launched.id } })).toBe(0);
    const audit = await harness.db.auditEvent.findFirst({ where: { action: "finetune.job_cancel", targetId: launched.id } });
    expect(audit?.changes).toEqual({ cancelRequested: { from: false, to: true } });

    const again = await harness.request<{ error: { reason: string } }>(cancelJobExport, `/fine-tuning/jobs/${launched.id}/cancel`, { params: { jobId: launched.id }, method: "POST" });
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe("finetune.job_not_active");
  });

  it("fails with missing_model_files when weights vanish", { timeout: 300_000 }, async () => {
    const folder = path.join(workDir, "vanishing");
    await cp(modelPath, folder, { recursive: true });
    const registered = await harness.request<{ data: { id: string } }>(registerBaseModelExport, "/base-models", { body: { name: "vanishing", localPath: folder } });
    expect(registered.status).toBe(201);
    // Launched without queuing, so the weights can be removed before any worker picks the job up.
    const input = launchJobInput.parse({ name: "vanished", baseModelId: registered.body.data.id, datasetVersionId: harness.chatVersionId, task: "chat_sft", method: "lora", hyperparameters: tinyHyperparameters(), evaluation: tinyEvaluation });
    const { job: launched } = await launchJob(harness.db, async () => undefined, harness.seed.admin.actor, input);
    await rm(path.join(folder, "model.safetensors"));
    await harness.enqueue("finetune.train", { jobId: launched.id });

    const job = await harness.waitForJob(() => readJob(launched.id), (view) => view.status !== "running" && view.status !== "queued");
    expect(job.status).toBe("failed");
    expect(job.errorCode).toBe("missing_model_files");
    expect(job.errorMessage).toContain(folder);
    expect(job.attempts).toBe(1);
    const failed = (await readEvents(launched.id)).find((event) => event.type === "failed");
    expect(failed?.data.code).toBe("missing_model_files");
  });
});
