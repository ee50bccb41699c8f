import { randomUUID } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/lib/log";
import { OCR_ERROR_MESSAGES, ocrErrorCodeOf } from "@/lib/media/ocr-errors";
import { runOcrJob } from "@/lib/media/ocr-job";
import { enqueueOcr } from "@/lib/media/ocr-queue";
import { OcrEngine } from "@/lib/media/ocr/engine";
import type { OcrLine } from "@/lib/media/ocr/types";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { enqueueWith } from "@/lib/queue/producer";
import { PermanentJobError } from "@/lib/queue/run-job";
import { workQueues } from "@/lib/queue/work";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { sharedDataPath } from "../helpers/shared-data";
import { waitFor } from "../helpers/wait-for";

// The media.ocr job against the real database, queue and OCR engine. The PII image is rendered here
// with sharp's SVG text (DejaVu or Liberation fonts on Debian): a mobile number and a resident ID
// number with a valid check digit.

const PHONE = "13812345678";
const ID_NUMBER = "11010519491231002X";
const log = logger.child({ test: "ocr-job" });

let database: TestDatabase;
let storageRoot: string;
let engine: OcrEngine;
let workspaceId: string;

/** Writes `source` into the test storage as a derived copy and inserts an image asset pointing at it. */
async function insertAsset(source: string, kind: "image" | "audio" = "image") {
  const key = `media-derived/${randomUUID()}.png`;
  await mkdir(path.join(storageRoot, "media-derived"), { recursive: true });
  await copyFile(source, path.join(storageRoot, key));
  return database.db.mediaAsset.create({
    data: { workspaceId, sha256: randomUUID(), kind, mimeType: "image/png", bytes: 1, originalName: path.basename(source), storageKey: key, derivedKey: key, status: "ready" },
  });
}

/** Renders a 640 × 200 PNG with two lines: "Tel <PHONE>" and "ID <ID_NUMBER>". */
async function renderLabel(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="200"><rect width="100%" height="100%" fill="white"/>
    <text x="30" y="80" font-size="40" font-family="sans-serif">Tel ${PHONE}</text>
    <text x="30" y="150" font-size="40" font-family="sans-serif">ID ${ID_NUMBER}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const context = (attempt = 1) => ({ db: database.db, log, attempt, maxAttempts: 4, engine, storageRoot });

describe("media.ocr job", () => {
  let piiImage: string;

  beforeAll(async () => {
    storageRoot = await mkdtemp(path.join(tmpdir(), "luodi-ocr-job-"));
    database = await startTestDatabase();
    engine = new OcrEngine({ timeoutMs: 120_000 });
    workspaceId = (await database.db.workspace.create({ data: { slug: "ocr", name: "ocr workspace" } })).id;

    piiImage = path.join(storageRoot, "pii.png");
    await writeFile(piiImage, await renderLabel());
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await database?.stop();
    if (storageRoot) await rm(storageRoot, { recursive: true, force: true });
  });

  it("stores masked text and boxes", { timeout: 120_000 }, async () => {
    const asset = await insertAsset(piiImage);
    await runOcrJob(context(), asset.id);

    const row = await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.ocrStatus).toBe("done");
    expect(row.ocrError).toBeNull();
    expect(row.ocrText).toContain("[PHONE]");
    expect(row.ocrText).toContain("[ID_NUMBER]");
    expect(row.ocrText).not.toContain(PHONE);
    expect(row.ocrText).not.toContain(ID_NUMBER);

    const boxes = row.ocrBoxes as OcrLine[];
    expect(boxes.length).toBe(2);
    expect(boxes.map((line) => line.text).join("\n")).not.toMatch(/\d{11}/);
    for (const line of boxes) {
      expect(line.box).toHaveLength(4);
      for (const [x, y] of line.box) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(640);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(200);
      }
    }
    expect(row.ocrConfidence).toBeGreaterThan(0.5);
    expect(row.ocrConfidence).toBeLessThanOrEqual(1);
    expect(row.ocrMs).toBeGreaterThan(0);
  });

  it("keeps raw text when the workspace allows it", { timeout: 120_000 }, async () => {
    await database.db.workspace.update({ where: { id: workspaceId }, data: { mediaRawText: true } });
    try {
      const asset = await insertAsset(piiImage);
      await runOcrJob(context(), asset.id);

      const row = await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
      expect(row.ocrText).toContain(PHONE);
      expect(row.ocrText).toContain(ID_NUMBER);
      expect((row.ocrBoxes as OcrLine[]).map((line) => line.text).join("\n")).toContain(PHONE);
    } finally {
      await database.db.workspace.update({ where: { id: workspaceId }, data: { mediaRawText: false } });
    }
  });

  it("fails an undecodable image for good", { timeout: 120_000 }, async () => {
    const broken = path.join(storageRoot, "broken.png");
    await writeFile(broken, "this is not an image");
    const asset = await insertAsset(broken);

    await expect(runOcrJob(context(), asset.id)).rejects.toBeInstanceOf(PermanentJobError);
    const row = await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.ocrStatus).toBe("failed");
    expect(row.ocrError).toBe(OCR_ERROR_MESSAGES.invalid_image);
    expect(ocrErrorCodeOf(row.ocrError)).toBe("invalid_image");
    expect(row.ocrText).toBeNull();
  });

  it("fails an audio asset without running OCR", async () => {
    const asset = await insertAsset(piiImage, "audio");
    await expect(runOcrJob(context(), asset.id)).rejects.toBeInstanceOf(PermanentJobError);
    const row = await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.ocrError).toBe(OCR_ERROR_MESSAGES.not_an_image);
  });

  it("requeues after a transient engine failure", async () => {
    const asset = await insertAsset(piiImage);
    const closedEngine = new OcrEngine();
    await closedEngine.close();

    await expect(runOcrJob({ ...context(1), engine: closedEngine }, asset.id)).rejects.toThrow(/shut down/);
    expect((await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } })).ocrStatus).toBe("queued");

    await expect(runOcrJob({ ...context(4), engine: closedEngine }, asset.id)).rejects.toBeInstanceOf(PermanentJobError);
    const row = await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.ocrStatus).toBe("failed");
    expect(row.ocrError).toBe(OCR_ERROR_MESSAGES.engine_closed);
  });

  it("runs through the queue from enqueueOcr", { timeout: 180_000 }, async () => {
    const boss: PgBoss = await startBoss(database.url, { service: "test", maintenance: false });
    try {
      const handlers = { "media.ocr": (payload: { assetId: string }, job: { attempt: number }) => runOcrJob(context(job.attempt), payload.assetId) };
      await workQueues(boss, queues, handlers, { db: database.db, log }, { concurrency: 1, pollingIntervalSeconds: 0.5 });

      const asset = await insertAsset(sharedDataPath("ocr_zh_images", "rapidocr_tests", "text_rec.jpg"));
      await enqueueOcr(database.db, enqueueWith(boss), asset.id);
      expect((await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } })).ocrStatus).not.toBe("none");

      const done = await waitFor("the OCR job", async () => {
        const row = await database.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
        return row.ocrStatus === "done" || row.ocrStatus === "failed" ? row : null;
      }, { timeoutMs: 120_000 });
      expect(done.ocrError).toBeNull();
      expect(done.ocrText).toBe("韩国小馆");
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it("rejects enqueueOcr for an unknown asset", async () => {
    await expect(enqueueOcr(database.db, async () => {}, "missing-asset")).rejects.toThrow(/not found/);
  });
});

describe("OCR engine", () => {
  const image = () => sharedDataPath("ocr_zh_images", "rapidocr_tests", "text_rec.jpg");

  it("kills and restarts a child that times out", { timeout: 120_000 }, async () => {
    const slow = new OcrEngine({ timeoutMs: 1 });
    try {
      await expect(slow.recognize(image())).rejects.toMatchObject({ code: "timeout" });
      await waitFor("the timed-out child to exit", () => slow.pid === null, { timeoutMs: 10_000 });
      await expect(slow.recognize(image())).rejects.toMatchObject({ code: "timeout" });
    } finally {
      await slow.close();
    }
  });

  it("restarts after the child is killed", { timeout: 120_000 }, async () => {
    const crashing = new OcrEngine();
    try {
      const first = await crashing.recognize(image());
      expect(first.lines.map((line) => line.text)).toEqual(["韩国小馆"]);
      const firstPid = crashing.pid!;

      const pending = crashing.recognize(image());
      process.kill(firstPid, "SIGKILL");
      await expect(pending).rejects.toMatchObject({ code: "engine_crashed" });

      const again = await crashing.recognize(image());
      expect(again.lines.map((line) => line.text)).toEqual(["韩国小馆"]);
      expect(crashing.pid).not.toBe(firstPid);
    } finally {
      await crashing.close();
    }
  });

  it("rejects requests past the queue bound", { timeout: 120_000 }, async () => {
    const bounded = new OcrEngine({ maxQueued: 1 });
    try {
      // The child is still loading its models, so the first request waits and fills the queue.
      const first = bounded.recognize(image());
      await expect(bounded.recognize(image())).rejects.toMatchObject({ code: "queue_full" });
      await expect(first).resolves.toMatchObject({ rotation: 0 });
    } finally {
      await bounded.close();
    }
  });

  it("maps boxes of a turned copy to its pixels", { timeout: 120_000 }, async () => {
    const workDir = await mkdtemp(path.join(tmpdir(), "luodi-ocr-turned-"));
    const engine = new OcrEngine();
    try {
      // Upright, the line "Tel …" spans x 32–372 and y 50–81. Turned 90° clockwise into a 200 × 640
      // copy, it spans x 119–150 (200 − y) and y 32–372 (x).
      const turned = path.join(workDir, "turned.png");
      await sharp(await renderLabel()).rotate(90).toFile(turned);
      const result = await engine.recognize(turned);

      expect(result.rotation).toBe(270);
      expect([result.width, result.height]).toEqual([200, 640]);
      expect(result.lines.map((line) => line.text)).toEqual([`Tel ${PHONE}`, `ID ${ID_NUMBER}`]);
      for (const [x, y] of result.lines[0]!.box) {
        expect(x).toBeGreaterThanOrEqual(105);
        expect(x).toBeLessThanOrEqual(165);
        expect(y).toBeGreaterThanOrEqual(15);
        expect(y).toBeLessThanOrEqual(390);
      }
    } finally {
      await engine.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it("scales boxes of a large image back", { timeout: 120_000 }, async () => {
    const workDir = await mkdtemp(path.join(tmpdir(), "luodi-ocr-large-"));
    const engine = new OcrEngine();
    try {
      // Four times the label: 2560 × 800, read at 1600 × 500. The first line spans about x 128–1488, y 200–324.
      const large = path.join(workDir, "large.png");
      await sharp(await renderLabel()).resize(2560, 800).toFile(large);
      const result = await engine.recognize(large);

      expect([result.width, result.height]).toEqual([2560, 800]);
      expect(result.lines[0]!.text).toBe(`Tel ${PHONE}`);
      const xs = result.lines[0]!.box.map(([x]) => x);
      const ys = result.lines[0]!.box.map(([, y]) => y);
      expect(Math.min(...xs)).toBeLessThan(200);
      expect(Math.max(...xs)).toBeGreaterThan(1350);
      expect(Math.max(...xs)).toBeLessThan(1650);
      expect(Math.min(...ys)).toBeGreaterThan(150);
      expect(Math.max(...ys)).toBeLessThan(370);
    } finally {
      await engine.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it("reports a missing file", { timeout: 120_000 }, async () => {
    const engine = new OcrEngine();
    try {
      await expect(engine.recognize(path.join(tmpdir(), `${randomUUID()}.png`))).rejects.toMatchObject({ code: "not_found" });
    } finally {
      await engine.close();
    }
  });
});
