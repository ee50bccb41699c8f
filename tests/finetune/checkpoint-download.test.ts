import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadCheckpointExport } from "@/app/api/v1/fine-tuning/jobs/[jobId]/checkpoint/download/route";
import type { Db } from "@/lib/db/client";
import { apiRequest, handlerFor, readJson, seedWorkspace, withParams } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";

const execFileAsync = promisify(execFile);

type ErrorBody = { error: { code: string; reason?: string } };

/** The last-checkpoint download of a job row, against the real database and files on disk (no training). */
describe("last checkpoint download", () => {
  let database: TestDatabase;
  let db: Db;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let workDir: string;
  let baseModelId: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-checkpoint-download-"));
    database = await startTestDatabase();
    db = database.db;
    seed = await seedWorkspace(db);
    const baseModel = await db.baseModel.create({ data: { workspaceId: seed.workspace.id, name: "tiny", source: "local", localPath: workDir } });
    baseModelId = baseModel.id;
  }, 120_000);

  afterAll(async () => {
    await database?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  let jobNumber = 0;
  async function createJob(fields: { outputDir?: string | null; lastCheckpoint?: string | null; workspaceId?: string }) {
    jobNumber += 1;
    return db.fineTuneJob.create({
      data: {
        workspaceId: fields.workspaceId ?? seed.workspace.id,
        externalId: `ftjob-checkpointtest${String(jobNumber).padStart(5, "0")}`,
        name: `job ${jobNumber}`,
        baseModelId,
        datasetVersionId: "version-not-checked",
        task: "chat_sft",
        method: "lora",
        hyperparameters: {},
        status: "failed",
        errorCode: "out_of_memory",
        outputDir: fields.outputDir ?? null,
        lastCheckpoint: fields.lastCheckpoint ?? null,
      },
    });
  }

  async function download(jobId: string, token = seed.viewer.token) {
    const handler = handlerFor(downloadCheckpointExport, db);
    return handler(apiRequest(`/fine-tuning/jobs/${jobId}/checkpoint/download`, { token }), withParams({ jobId }));
  }

  async function checkpointFolder(name: string, step: number) {
    const outputDir = path.join(workDir, name, "output");
    const folder = path.join(outputDir, "checkpoints", `checkpoint-${step}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "trainer_state.json"), JSON.stringify({ global_step: step }));
    await writeFile(path.join(folder, "adapter_model.safetensors"), Buffer.alloc(64, 7));
    return { outputDir, folder };
  }

  it("streams the checkpoint of a failed job as tar", async () => {
    const { outputDir, folder } = await checkpointFolder("failed", 4);
    const job = await createJob({ outputDir, lastCheckpoint: folder });

    const response = await download(job.externalId);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-tar");
    expect(response.headers.get("content-disposition")).toContain('filename="checkpoint-4.tar"');
    const archive = path.join(workDir, "failed.tar");
    await writeFile(archive, Buffer.from(await response.arrayBuffer()));
    const { stdout } = await execFileAsync("tar", ["-tf", archive]);
    expect(stdout.split("\n").filter(Boolean).sort()).toEqual(["./", "./adapter_model.safetensors", "./trainer_state.json"]);
  });

  it("rejects a job without a checkpoint", async () => {
    const job = await createJob({ outputDir: path.join(workDir, "none", "output"), lastCheckpoint: null });

    const response = await download(job.id);

    expect(response.status).toBe(404);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("finetune.no_checkpoint");
  });

  it("rejects a checkpoint outside the output folder", async () => {
    const { outputDir } = await checkpointFolder("outside", 2);
    // A real folder at the escaped path, so only the containment check can reject it.
    await checkpointFolder("elsewhere", 2);
    const job = await createJob({ outputDir, lastCheckpoint: path.join(outputDir, "checkpoints", "..", "..", "..", "elsewhere", "output", "checkpoints", "checkpoint-2") });
    const parentJob = await createJob({ outputDir, lastCheckpoint: path.join(outputDir, "checkpoints") });

    for (const jobId of [job.id, parentJob.id]) {
      const response = await download(jobId);
      expect(response.status, jobId).toBe(404);
      expect((await readJson<ErrorBody>(response)).error.reason).toBe("finetune.no_checkpoint");
    }
  });

  it("reports a deleted checkpoint folder", async () => {
    const { outputDir, folder } = await checkpointFolder("deleted", 6);
    const job = await createJob({ outputDir, lastCheckpoint: folder });
    await rm(folder, { recursive: true });

    const response = await download(job.id);

    expect(response.status).toBe(404);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("finetune.artifact_missing");
  });

  it("hides other workspaces' jobs", async () => {
    const other = await db.workspace.create({ data: { slug: "other", name: "Other workspace" } });
    const { outputDir, folder } = await checkpointFolder("other", 2);
    const job = await createJob({ outputDir, lastCheckpoint: folder, workspaceId: other.id });

    const response = await download(job.id);

    expect(response.status).toBe(404);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("finetune.job_not_found");
  });

  it("requires authentication", async () => {
    const { outputDir, folder } = await checkpointFolder("anonymous", 2);
    const job = await createJob({ outputDir, lastCheckpoint: folder });

    const response = await handlerFor(downloadCheckpointExport, db)(apiRequest(`/fine-tuning/jobs/${job.id}/checkpoint/download`), withParams({ jobId: job.id }));

    expect(response.status).toBe(401);
  });
});
