import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OcrEngine } from "@/lib/media/ocr/engine";
import { readExpectedImages, scoreImages, type ExpectedImage, type ImageScore } from "@/lib/media/ocr/evaluate";
import { sharedDataPath } from "../helpers/shared-data";

// Runs the real PP-OCRv4 models in the engine's child process over images whose text was transcribed
// by hand (ocr-expected.json), including a copy turned 90° and one turned upside down.

const FIXTURE = fileURLToPath(new URL("./ocr-expected.json", import.meta.url));

/** Overall accuracy measured when the baselines were recorded (0.941 on 2026-12-05), minus a margin of 0.02. */
const OVERALL_BASELINE = 0.92;

describe("OCR accuracy", () => {
  let engine: OcrEngine;
  let workDir: string;
  let images: ExpectedImage[];
  let scores: ImageScore[];
  let overall: number;

  const resolveImage = async (image: ExpectedImage) => {
    const source = sharedDataPath("ocr_zh_images", image.file);
    if (!image.rotate) return source;
    const target = path.join(workDir, `${image.rotate}-${path.basename(image.file)}.png`);
    await sharp(source).rotate(image.rotate).png().toFile(target);
    return target;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-ocr-accuracy-"));
    engine = new OcrEngine({ timeoutMs: 180_000 });
    images = await readExpectedImages(FIXTURE);
    ({ scores, overall } = await scoreImages(engine, images, resolveImage));
  }, 600_000);

  afterAll(async () => {
    await engine?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("covers at least ten images", () => {
    expect(images.length).toBeGreaterThanOrEqual(10);
  });

  it("meets each image's baseline", () => {
    for (const [index, score] of scores.entries()) {
      const label = `${score.file} turned ${score.rotate}°, read as:\n${score.text}`;
      expect(score.accuracy, label).toBeGreaterThanOrEqual(images[index]!.minAccuracy ?? 0);
    }
  });

  it("meets the overall baseline", () => {
    const table = scores.map((score) => `${score.accuracy.toFixed(3)} ${score.file} (${score.rotate}°)`).join("\n");
    expect(overall, table).toBeGreaterThanOrEqual(OVERALL_BASELINE);
  });

  it("finds the rotation of turned copies", () => {
    const turned = scores.filter((score) => score.rotate !== 0);
    expect(turned.length).toBe(2);
    for (const score of turned) expect(score.detectedRotation, score.file).toBe((360 - score.rotate) % 360);
  });
});
