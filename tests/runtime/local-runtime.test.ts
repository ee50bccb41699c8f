import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as registerLocalModelHandler } from "@/app/api/v1/local-models/route";
import { chatCompletion } from "@/lib/llm/client";
import type { ModelTarget } from "@/lib/llm/types";
import { logger } from "@/lib/log";
import { AppError } from "@/lib/errors";
import { ensureLocalRuntime, type LocalModelRef } from "@/lib/runtime/manager";
import { ownedState } from "@/lib/runtime/owned";
import { isProcessAlive } from "@/lib/runtime/process";
import { readLaunchSettings } from "@/lib/runtime/python";
import { startRuntimeReaper, stopOwnedRuntimes } from "@/lib/runtime/reaper";
import { handlerFor, readData, readJson, seedWorkspace, apiRequest, type ErrorBody, type Member } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";

const execFileAsync = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const pythonEnv = process.env.LUODI_PYTHON_ENV;

type TinyPaths = { modelPath: string; adapterPath: string };
type LocalModelBody = { id: string; providerId: string; name: string; capabilities: string[]; local: boolean; localPath: string; adapterPath: string | null; created: boolean };

/** Builds the tiny random model and adapter with the runtime's own CLI, the way other test suites do. */
async function buildTinyModel(outDir: string): Promise<TinyPaths> {
  const { stdout } = await execFileAsync(path.join(pythonEnv ?? "", "bin", "python"), ["-m", "luodi_runtime.tiny", outDir], {
    cwd: repositoryRoot,
    env: { ...process.env, PYTHONPATH: path.join(repositoryRoot, "trainer") },
    timeout: 180_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as TinyPaths;
}

function targetFor(model: LocalModelBody, baseUrl: string, workspaceId: string): ModelTarget {
  return {
    workspaceId,
    providerId: model.providerId,
    providerName: "Local runtime",
    providerKind: "local",
    modelId: model.id,
    model: model.name,
    displayName: model.name,
    baseUrl,
    apiKey: null,
    timeoutMs: 60_000,
    rpmLimit: null,
    capabilities: ["chat"],
    prices: { input: null, output: null, currency: "CNY" },
    policy: { allowRules: [], trustedLoopback: true },
  };
}

const question = { messages: [{ role: "user" as const, content: "Hello, how are you?" }], params: { temperature: 0, max_tokens: 12 } };

describe.skipIf(!pythonEnv)("local runtime", () => {
  let database: TestDatabase;
  let admin: Member;
  let viewer: Member;
  let workspaceId: string;
  let tiny: TinyPaths;
  let workDir: string;
  const register = () => handlerFor(registerLocalModelHandler, database.db);

  async function registerModel(body: Record<string, unknown>, token = admin.token) {
    return register()(apiRequest("/local-models", { token, body }));
  }

  async function modelRef(name: string): Promise<LocalModelRef> {
    const model = await database.db.providerModel.findFirstOrThrow({ where: { workspaceId, name } });
    return { id: model.id, name: model.name, localPath: model.localPath ?? "", adapterPath: model.adapterPath };
  }

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-runtime-test-"));
    [database, tiny] = await Promise.all([startTestDatabase(), buildTinyModel(workDir)]);
    const seeded = await seedWorkspace(database.db);
    admin = seeded.admin;
    viewer = seeded.viewer;
    workspaceId = seeded.workspace.id;
  }, 240_000);

  afterAll(async () => {
    await stopOwnedRuntimes(database?.db ?? null);
    await database?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("registers a base model under the local provider", async () => {
    const response = await registerModel({ name: "tiny-base", localPath: tiny.modelPath });
    const model = await readData<LocalModelBody>(response, register());

    expect(response.status).toBe(200);
    expect(model.created).toBe(true);
    expect(model.local).toBe(true);
    expect(model.capabilities).toEqual(["chat"]);
    expect(model.localPath).toBe(tiny.modelPath);
    const provider = await database.db.provider.findUniqueOrThrow({ where: { id: model.providerId } });
    expect(provider.kind).toBe("local");
    expect(provider.name).toBe("Local runtime");
    const stored = await database.db.providerModel.findUniqueOrThrow({ where: { id: model.id } });
    expect(stored.contextLength).toBe(512);
    const audit = await database.db.auditEvent.findFirst({ where: { action: "runtime.model_register", targetId: model.id } });
    expect(audit?.actorId).toBe(admin.id);
  });

  it("reuses the local provider for a second model", async () => {
    const first = await database.db.provider.findMany({ where: { workspaceId, kind: "local" } });
    const response = await registerModel({ name: "tiny-lora", localPath: tiny.modelPath, adapterPath: tiny.adapterPath });
    const model = await readData<LocalModelBody>(response, register());

    expect(model.adapterPath).toBe(tiny.adapterPath);
    expect(model.providerId).toBe(first[0]?.id);
    expect(await database.db.provider.count({ where: { workspaceId, kind: "local" } })).toBe(1);
  });

  it("rejects a missing model folder by name", async () => {
    const missing = path.join(workDir, "no-such-model");

    const response = await registerModel({ name: "ghost", localPath: missing });
    const body = await readJson<ErrorBody & { error: { reason?: string } }>(response);

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("runtime.folder_missing");
    expect(body.error.message).toContain(missing);
    expect(body.error.fields?.localPath?.[0]).toContain(missing);
  });

  it("rejects an adapter folder without adapter_config.json", async () => {
    const broken = path.join(workDir, "broken-adapter");
    await cp(tiny.adapterPath, broken, { recursive: true });
    await rm(path.join(broken, "adapter_config.json"));

    const response = await registerModel({ name: "broken", localPath: tiny.modelPath, adapterPath: broken });
    const body = await readJson<ErrorBody & { error: { reason?: string } }>(response);

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("runtime.file_missing");
    expect(body.error.message).toContain("adapter_config.json");
    expect(await database.db.providerModel.count({ where: { name: "broken" } })).toBe(0);
  });

  it("rejects relative paths and bad names", async () => {
    const relative = await registerModel({ name: "relative", localPath: "models/tiny" });
    const badName = await registerModel({ name: "has space", localPath: tiny.modelPath });

    expect(relative.status).toBe(400);
    expect((await readJson<ErrorBody>(relative)).error.fields?.localPath).toBeDefined();
    expect(badName.status).toBe(400);
    expect((await readJson<ErrorBody>(badName)).error.fields?.name).toBeDefined();
  });

  it("denies registration to viewers", async () => {
    const response = await registerModel({ name: "viewer-model", localPath: tiny.modelPath }, viewer.token);

    expect(response.status).toBe(403);
  });

  it("starts one runtime for concurrent callers and reuses it", async () => {
    const model = await modelRef("tiny-base");

    const [first, second] = await Promise.all([ensureLocalRuntime(database.db, model), ensureLocalRuntime(database.db, model)]);
    const row = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });
    const again = await ensureLocalRuntime(database.db, model);
    const touched = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });

    expect(first.baseUrl).toBe(second.baseUrl);
    expect(first.baseUrl).toBe(`http://127.0.0.1:${row.port}/v1`);
    expect(row.status).toBe("ready");
    expect(isProcessAlive(row.pid)).toBe(true);
    expect(ownedState().processes.size).toBe(1);
    expect(again.baseUrl).toBe(first.baseUrl);
    expect(touched.pid).toBe(row.pid);
    expect(touched.lastUsedAt.getTime()).toBeGreaterThan(row.lastUsedAt.getTime());
  }, 120_000);

  it("streams a chat with usage through the LLM client", async () => {
    const model = await modelRef("tiny-base");
    const view = await database.db.providerModel.findUniqueOrThrow({ where: { id: model.id } });
    const { baseUrl } = await ensureLocalRuntime(database.db, model);
    const deltas: string[] = [];

    const result = await chatCompletion(targetFor({ ...view, local: true, created: false, adapterPath: null, localPath: model.localPath }, baseUrl, workspaceId), question, {
      onDelta: (text) => deltas.push(text),
    });

    expect(deltas.length).toBeGreaterThan(0);
    expect(result.text).toBe(deltas.join(""));
    expect(result.usage.estimated).toBe(false);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeLessThanOrEqual(12);
    expect(result.ttftMs).not.toBeNull();
  }, 120_000);

  it("serves the adapter with different output", async () => {
    const base = await modelRef("tiny-base");
    const tuned = await modelRef("tiny-lora");
    const baseView = await database.db.providerModel.findUniqueOrThrow({ where: { id: base.id } });
    const tunedView = await database.db.providerModel.findUniqueOrThrow({ where: { id: tuned.id } });
    const asBody = (view: typeof baseView) => ({ ...view, local: true, created: false, localPath: view.localPath ?? "" });

    const baseResult = await chatCompletion(targetFor(asBody(baseView), (await ensureLocalRuntime(database.db, base)).baseUrl, workspaceId), question);
    const tunedResult = await chatCompletion(targetFor(asBody(tunedView), (await ensureLocalRuntime(database.db, tuned)).baseUrl, workspaceId), question);

    expect(tunedResult.text).not.toBe(baseResult.text);
    expect(ownedState().processes.size).toBe(2);
  }, 120_000);

  it("replaces a runtime when the model's folders change", async () => {
    const before = await modelRef("tiny-base");
    const oldRow = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: before.id } });

    const response = await registerModel({ name: "tiny-base", localPath: tiny.modelPath, adapterPath: tiny.adapterPath });
    const body = await readData<LocalModelBody>(response, register());
    const after = await modelRef("tiny-base");
    await ensureLocalRuntime(database.db, after);
    const newRow = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: after.id } });

    expect(body.created).toBe(false);
    expect(newRow.pid).not.toBe(oldRow.pid);
    expect(isProcessAlive(oldRow.pid)).toBe(false);
    const audit = await database.db.auditEvent.findFirst({ where: { action: "runtime.model_update", targetId: after.id } });
    expect(audit?.changes).toMatchObject({ adapterPath: { from: null, to: tiny.adapterPath } });
  }, 120_000);

  it("restarts a runtime that died", async () => {
    const model = await modelRef("tiny-lora");
    const row = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });

    process.kill(row.pid, "SIGKILL");
    const failed = await waitFor("the dead runtime's row to be marked failed", async () => {
      const current = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });
      return current.status === "failed" ? current : null;
    });
    await ensureLocalRuntime(database.db, model);
    const restarted = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });

    expect(failed.message).toContain("killed by a signal");
    expect(restarted.status).toBe("ready");
    expect(restarted.pid).not.toBe(row.pid);
  }, 120_000);

  it("takes over a start claimed by a dead process", async () => {
    const model = await modelRef("tiny-lora");
    await stopOwnedRuntimes(database.db);
    // A pid far above Linux's default pid_max (4194304), so no live process has it.
    await database.db.localRuntime.update({ where: { modelId: model.id }, data: { status: "starting", pid: 999_999_999, port: 0, startedAt: new Date() } });

    await ensureLocalRuntime(database.db, model);
    const row = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });

    expect(row.status).toBe("ready");
    expect(row.pid).not.toBe(999_999_999);
  }, 120_000);

  it("reports a model that fails to load", async () => {
    const folder = path.join(workDir, "not-a-model");
    await mkdir(folder);
    await cp(tiny.modelPath, folder, { recursive: true });
    await writeFile(path.join(folder, "config.json"), JSON.stringify({ hidden_size: 64 }));
    await readData(await registerModel({ name: "not-a-model", localPath: folder }), register());
    const model = await modelRef("not-a-model");

    const failure = await ensureLocalRuntime(database.db, model).catch((error: unknown) => error);
    const row = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });

    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe("UPSTREAM_ERROR");
    expect((failure as AppError).options.reason).toBe("runtime.start_failed");
    expect((failure as AppError).publicMessage).toContain(folder);
    expect(row.status).toBe("failed");
    expect(row.message).toContain("could not load the model");
  }, 120_000);

  it("refuses to start without the Python environment", () => {
    expect(() => readLaunchSettings({ pythonEnv: path.join(workDir, "no-venv") })).toThrow(/no bin\/python/);
  });

  it("stops idle runtimes", async () => {
    const model = await modelRef("tiny-lora");
    await ensureLocalRuntime(database.db, model);
    const row = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });
    const reaper = startRuntimeReaper(database.db, logger, { idleMs: 300, intervalMs: 100 });

    try {
      const stopped = await waitFor("the idle runtime to be stopped", async () => {
        const current = await database.db.localRuntime.findUniqueOrThrow({ where: { modelId: model.id } });
        return current.status === "stopped" && !isProcessAlive(row.pid) ? current : null;
      });
      expect(stopped.message).toContain("without requests");
      expect(ownedState().processes.has(model.id)).toBe(false);
    } finally {
      reaper.stop();
    }
  }, 120_000);
});
