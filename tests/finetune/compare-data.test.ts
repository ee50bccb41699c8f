import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildComparison, listComparedVersions, readGainRecord } from "@/lib/finetune/compare-data";
import { seedWorkspace } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";

const GAIN = {
  dataset: "crosswoz (5 labels)",
  test_rows: 30,
  zero_shot_accuracy: 0.3,
  lora_accuracy: 0.7,
  full_accuracy: 0.8,
  lora_minutes: 1.5,
  full_minutes: 3.25,
  machine: "2-core CPU",
  date: "2025-01-01",
};

describe("fine-tuning comparison data", () => {
  let database: TestDatabase;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let workDir: string;
  let versionIds: string[];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-compare-"));
    database = await startTestDatabase();
    seed = await seedWorkspace(database.db);
    const { db } = database;

    const dataset = await db.dataset.create({ data: { workspaceId: seed.workspace.id, name: "intents" } });
    const versions = await Promise.all([1, 2].map((number) => db.datasetVersion.create({ data: { datasetId: dataset.id, number, operation: "import", status: "ready" } })));
    versionIds = versions.map((version) => version.id);
    const base = await db.baseModel.create({ data: { workspaceId: seed.workspace.id, name: "minilm", source: "local", localPath: "/models/minilm", status: "ready" } });

    const job = (name: string, versionId: string, method: "lora" | "full", status: "succeeded" | "failed", evaluation: unknown, device: string, finishedAt: Date) =>
      db.fineTuneJob.create({
        data: {
          workspaceId: seed.workspace.id,
          externalId: `ftjob-${name.padEnd(24, "x")}`,
          name,
          baseModelId: base.id,
          datasetVersionId: versionId,
          task: "seq_classification",
          method,
          hyperparameters: {},
          status,
          evaluation: evaluation as object,
          device,
          computeSeconds: 5400,
          finishedAt,
        },
      });
    await job("lora-old", versions[0]!.id, "lora", "succeeded", { rows: 30, base: { accuracy: 0.25, macro_f1: 0.2 }, tuned: { accuracy: 0.6, macro_f1: 0.5 } }, "cpu", new Date("2025-01-01"));
    await job("full-new", versions[0]!.id, "full", "succeeded", { rows: 30, base: { accuracy: 0.3, macro_f1: 0.25 }, tuned: { accuracy: 0.8, macro_f1: 0.75 } }, "cuda", new Date("2025-01-02"));
    await job("failed", versions[0]!.id, "lora", "failed", null, "cpu", new Date("2025-01-03"));
    await job("other-version", versions[1]!.id, "lora", "succeeded", { rows: 10, base: { accuracy: 0.1 }, tuned: { accuracy: 0.9 } }, "cpu", new Date("2025-01-04"));
  }, 120_000);

  afterAll(async () => {
    await database?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("lists versions with succeeded jobs", async () => {
    const versions = await listComparedVersions(database.db, seed.admin.actor);

    expect(versions.map((version) => [version.number, version.jobs])).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it("puts zero-shot before the jobs", async () => {
    const entries = await buildComparison(database.db, seed.admin.actor, versionIds[0]!);

    expect(entries.map((entry) => entry.label)).toEqual(["minilm", "lora-old", "full-new"]);
    // The newest job's before-training evaluation gives the zero-shot score.
    expect(entries[0]!.kind).toBe("base");
    expect(entries[0]!.scores).toEqual({ accuracy: 0.3, macro_f1: 0.25 });
    expect(entries[0]!.computeHours).toBeNull();
    expect(entries[2]!.scores.accuracy).toBe(0.8);
    expect(entries[2]!.computeHours).toBe(1.5);
    expect(entries[2]!.computeKind).toBe("gpu");
    expect(entries[1]!.computeKind).toBe("cpu");
    expect(entries.map((entry) => [entry.testRows, entry.maxNewTokens])).toEqual([[30, null], [30, null], [30, null]]);
  });

  it("compares all versions without a filter", async () => {
    const entries = await buildComparison(database.db, seed.admin.actor, null);

    expect(entries.filter((entry) => entry.kind === "base")).toHaveLength(2);
    expect(entries.filter((entry) => entry.kind === "job").map((entry) => entry.label)).toEqual(["lora-old", "full-new", "other-version"]);
  });

  it("hides other workspaces' jobs", async () => {
    const stranger = { ...seed.admin.actor, workspaceId: "another-workspace" };

    expect(await buildComparison(database.db, stranger, null)).toEqual([]);
    expect(await listComparedVersions(database.db, stranger)).toEqual([]);
  });

  it("reads a gain record", async () => {
    const file = path.join(workDir, "gain.json");
    await writeFile(file, JSON.stringify(GAIN));

    expect(await readGainRecord(file)).toEqual(GAIN);
  });

  it("returns null for a missing or partial record", async () => {
    const partial = path.join(workDir, "partial.json");
    await writeFile(partial, JSON.stringify({ ...GAIN, lora_accuracy: "high" }));
    const broken = path.join(workDir, "broken.json");
    await writeFile(broken, "{ not json");

    expect(await readGainRecord(path.join(workDir, "missing.json"))).toBeNull();
    expect(await readGainRecord(partial)).toBeNull();
    expect(await readGainRecord(broken)).toBeNull();
  });
});
