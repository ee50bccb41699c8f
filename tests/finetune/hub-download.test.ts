import { access, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBaseModelExport } from "@/app/api/v1/base-models/[baseModelId]/route";
import { POST as registerBaseModelExport } from "@/app/api/v1/base-models/route";
import { POST as planJobExport } from "@/app/api/v1/fine-tuning/plan/route";
import { startDatasetHarness, type DatasetHarness } from "../api/datasets-harness";
import { apiRequest, readJson, withParams } from "../api/fixtures";
import { waitFor } from "../helpers/wait-for";
import { buildTinyModel, pythonEnv } from "./harness";
import { repoFromFolder, startFakeHub, type FakeHub } from "./hub-fake-server";

type ErrorView = { error: { code: string; message: string; reason?: string; fields?: Record<string, string[]> } };
type BaseModelView = {
  id: string;
  name: string;
  source: string;
  localPath: string | null;
  repoId: string | null;
  revision: string | null;
  architecture: string | null;
  modelType: string | null;
  parameterCount: number | null;
  contextLength: number | null;
  hasChatTemplate: boolean;
  defaultTargetModules: string[];
  status: string;
  error: string | null;
  downloadedBytes: number | null;
  totalBytes: number | null;
};

const HF_TOKEN = "hf-test-token-123";
const exists = (file: string) => access(file).then(() => true, () => false);

describe.skipIf(!pythonEnv)("base models from model hubs", () => {
  let hub: FakeHub;
  let harness: DatasetHarness;
  let workDir: string;
  let modelPath: string;
  let modelsRoot: string;

  const register = (body: Record<string, unknown>, token?: string) =>
    harness.handler(registerBaseModelExport)(apiRequest("/base-models", { token: token ?? harness.seed.admin.token, body }), withParams({})).then(async (response) => ({
      status: response.status,
      body: await readJson<{ data: BaseModelView } & ErrorView>(response),
    }));

  const readModel = async (id: string) => {
    const response = await harness.handler(getBaseModelExport)(apiRequest(`/base-models/${id}`, { token: harness.seed.admin.token }), withParams({ baseModelId: id }));
    return (await readJson<{ data: BaseModelView }>(response)).data;
  };

  const waitSettled = (id: string, timeoutMs = 120_000) =>
    waitFor(`base model ${id} to leave downloading`, async () => {
      const model = await readModel(id);
      return model.status === "downloading" ? null : model;
    }, { timeoutMs, intervalMs: 300 });

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-hub-"));
    [hub, modelPath] = await Promise.all([startFakeHub(), buildTinyModel(workDir)]);

    const extras = [
      { path: "README.md", bytes: Buffer.from("# tiny llama\n") },
      { path: "modeling_tiny.py", bytes: Buffer.from("raise SystemExit('remote code must never run')\n") },
      { path: "pytorch_model.bin", bytes: Buffer.from("not a pickle, and never downloaded beside safetensors") },
    ];
    const files = await repoFromFolder(modelPath, extras);
    hub.addRepo("luodi-test/tiny-llama", { files });
    hub.addRepo("luodi-test/tiny-corrupt", { files, listedSha256: { "model.safetensors": "0".repeat(64) } });
    hub.addRepo("luodi-test/tiny-cut", { files, cutAfterBytes: { "model.safetensors": 100_000 } });
    hub.addRepo("luodi-test/no-weights", { files: files.filter((file) => !file.path.endsWith(".safetensors") && !file.path.endsWith(".bin")) });

    // env() is read once per process, so the hub settings go in before the harness starts.
    process.env.HF_ENDPOINT = hub.endpoint;
    process.env.MODELSCOPE_ENDPOINT = hub.endpoint;
    process.env.HF_TOKEN = HF_TOKEN;
    harness = await startDatasetHarness();
    modelsRoot = path.join(process.env.LUODI_DATA_DIR ?? "", "models");
  }, 300_000);

  afterAll(async () => {
    await harness?.stop();
    await hub?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("downloads a Hugging Face model to ready", async () => {
    const registered = await register({ name: "hf-tiny", source: "huggingface", repoId: "luodi-test/tiny-llama" });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.data.status).toBe("downloading");
    expect(registered.body.data.revision).toBe("main");

    const model = await waitSettled(registered.body.data.id);

    expect(model.error).toBeNull();
    expect(model.status).toBe("ready");
    expect(model.architecture).toBe("LlamaForCausalLM");
    expect(model.modelType).toBe("llama");
    expect(model.contextLength).toBe(512);
    expect(model.hasChatTemplate).toBe(true);
    expect(model.parameterCount).toBeGreaterThan(0);
    expect(model.defaultTargetModules).toContain("q_proj");
    expect(model.totalBytes).toBeGreaterThan(500_000);
    expect(model.downloadedBytes).toBe(model.totalBytes);
    expect(model.localPath).toBe(path.join(modelsRoot, "huggingface", "luodi-test", "tiny-llama", "main"));
  });

  it("keeps only model files in the folder", async () => {
    const folder = path.join(modelsRoot, "huggingface", "luodi-test", "tiny-llama", "main");
    const files = await readdir(folder);

    expect(files).toEqual(expect.arrayContaining(["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"]));
    expect(files).not.toContain("modeling_tiny.py");
    expect(files).not.toContain("README.md");
    expect(files).not.toContain("pytorch_model.bin");
    expect(await exists(`${folder}.partial`)).toBe(false);
  });

  it("sends the token to the hub only", () => {
    const hubCalls = hub.requests.filter((request) => request.server === "hub" && request.url.includes("tiny-llama"));
    const cdnCalls = hub.requests.filter((request) => request.server === "cdn" && request.url.includes("tiny-llama"));

    expect(hubCalls.length).toBeGreaterThan(0);
    expect(hubCalls.every((request) => request.authorization === `Bearer ${HF_TOKEN}`)).toBe(true);
    expect(cdnCalls.length).toBeGreaterThan(0);
    expect(cdnCalls.every((request) => request.authorization === undefined)).toBe(true);
  });

  it("downloads a ModelScope model to ready", async () => {
    const registered = await register({ name: "ms-tiny", source: "modelscope", repoId: "luodi-test/tiny-llama" });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.data.revision).toBe("master");

    const model = await waitSettled(registered.body.data.id);

    expect(model.error).toBeNull();
    expect(model.status).toBe("ready");
    expect(model.architecture).toBe("LlamaForCausalLM");
    expect(model.hasChatTemplate).toBe(true);
    expect(model.localPath).toBe(path.join(modelsRoot, "modelscope", "luodi-test", "tiny-llama", "master"));
    const msCalls = hub.requests.filter((request) => request.url.startsWith("/api/v1/models/luodi-test/tiny-llama/repo?"));
    expect(msCalls.some((request) => request.url.includes("FilePath=model.safetensors"))).toBe(true);
    // HF_TOKEN belongs to Hugging Face and is never sent to ModelScope.
    expect(msCalls.every((request) => request.authorization === undefined)).toBe(true);
  });

  it("records an audit event for the registration", async () => {
    const model = await harness.db.baseModel.findFirst({ where: { name: "hf-tiny" } });
    const audit = await harness.db.auditEvent.findFirst({ where: { action: "finetune.base_model_register", targetId: model?.id } });

    expect(audit?.actorId).toBe(harness.seed.admin.id);
  });

  it("rejects invalid repository ids", async () => {
    const cases = ["noslash", "a/b/c", "../etc", "owner/..", "owner/na me", "-owner/name", "owner/a--b", `owner/${"x".repeat(200)}`, ""];
    for (const repoId of cases) {
      const response = await register({ name: `bad-${repoId.length}`, source: "huggingface", repoId });
      expect(response.status, repoId).toBe(400);
      expect(Object.keys(response.body.error.fields ?? {}), repoId).toContain("repoId");
    }
    expect(await harness.db.baseModel.count({ where: { name: { startsWith: "bad-" } } })).toBe(0);
  });

  it("rejects invalid revisions and mixed fields", async () => {
    const badRevision = await register({ name: "bad-revision", source: "huggingface", repoId: "luodi-test/tiny-llama", revision: "../main" });
    expect(badRevision.status).toBe(400);
    expect(Object.keys(badRevision.body.error.fields ?? {})).toContain("revision");

    const mixed = await register({ name: "mixed", source: "huggingface", repoId: "luodi-test/tiny-llama", localPath: "/tmp" });
    expect(mixed.status).toBe(400);

    const unknownSource = await register({ name: "unknown-source", source: "gitlab", repoId: "luodi-test/tiny-llama" });
    expect(unknownSource.status).toBe(400);
  });

  it("rejects hub registration by a viewer", async () => {
    const response = await register({ name: "viewer-hub", source: "huggingface", repoId: "luodi-test/tiny-llama" }, harness.seed.viewer.token);

    expect(response.status).toBe(403);
    expect(await harness.db.baseModel.count({ where: { name: "viewer-hub" } })).toBe(0);
  });

  it("fails an unknown repository as not found", async () => {
    const registered = await register({ name: "missing", source: "huggingface", repoId: "luodi-test/does-not-exist" });
    expect(registered.status).toBe(201);

    const model = await waitSettled(registered.body.data.id);

    expect(model.status).toBe("failed");
    expect(model.error).toContain("404 Not Found");
    expect(model.localPath).toBeNull();
  });

  it("fails an unknown revision", async () => {
    const registered = await register({ name: "missing-revision", source: "huggingface", repoId: "luodi-test/tiny-llama", revision: "v9" });
    const model = await waitSettled(registered.body.data.id);

    expect(model.status).toBe("failed");
    expect(model.error).toContain("no such revision");
  });

  it("fails a repository without weights", async () => {
    const registered = await register({ name: "no-weights", source: "huggingface", repoId: "luodi-test/no-weights" });
    const model = await waitSettled(registered.body.data.id);

    expect(model.status).toBe("failed");
    expect(model.error).toContain("no model weights");
  });

  it("fails a checksum mismatch and cleans up", async () => {
    const registered = await register({ name: "corrupt", source: "huggingface", repoId: "luodi-test/tiny-corrupt" });
    const model = await waitSettled(registered.body.data.id);

    expect(model.status).toBe("failed");
    expect(model.error).toContain("SHA-256");
    expect(model.localPath).toBeNull();
    const folder = path.join(modelsRoot, "huggingface", "luodi-test", "tiny-corrupt", "main");
    expect(await exists(folder)).toBe(false);
    expect(await exists(`${folder}.partial`)).toBe(false);
  });

  it("refuses to launch a model that is not ready", async () => {
    const failed = await harness.db.baseModel.findFirstOrThrow({ where: { name: "corrupt" } });
    const response = await harness.handler(planJobExport)(
      apiRequest("/fine-tuning/plan", { token: harness.seed.admin.token, body: { baseModelId: failed.id, datasetVersionId: "none", task: "chat_sft", method: "lora" } }),
      withParams({}),
    );
    const body = await readJson<ErrorView>(response);

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("finetune.base_model_not_ready");
  });

  it("resumes a cut download with a range request", async () => {
    const registered = await register({ name: "cut", source: "huggingface", repoId: "luodi-test/tiny-cut" });
    const retrying = await waitFor("the first attempt to fail", async () => {
      const model = await readModel(registered.body.data.id);
      return model.error?.startsWith("Retrying after") ? model : null;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    expect(retrying.status).toBe("downloading");

    // While the first download waits for its retry, the same repository cannot be registered again.
    const duplicate = await register({ name: "cut-again", source: "huggingface", repoId: "luodi-test/tiny-cut" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.reason).toBe("finetune.hub_download_running");

    const model = await waitSettled(registered.body.data.id, 120_000);
    expect(model.error).toBeNull();
    expect(model.status).toBe("ready");
    const ranged = hub.requests.filter((request) => request.server === "cdn" && request.url.includes("tiny-cut") && request.range);
    expect(ranged.length).toBe(1);
    expect(Number(/bytes=(\d+)-/.exec(ranged[0]!.range!)?.[1])).toBeGreaterThan(0);
  }, 150_000);

  it("fails when the hub is unreachable", async () => {
    await hub.stopHub();

    const registered = await register({ name: "offline", source: "huggingface", repoId: "luodi-test/tiny-llama", revision: "v2" });
    const model = await waitSettled(registered.body.data.id, 60_000);

    expect(model.status).toBe("failed");
    expect(model.error).toContain("Could not reach");
    expect(model.error).toContain("ECONNREFUSED");
  }, 90_000);
});
