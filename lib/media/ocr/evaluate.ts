import { readFile } from "node:fs/promises";
import path from "node:path";
import { characterAccuracy, normalizeForComparison } from "./accuracy";
import type { OcrEngine } from "./engine";
import type { PageRotation } from "./types";

/** One image of an accuracy set: its path relative to the set's folder and its expected transcript. */
export type ExpectedImage = {
  file: string;
  text: string;
  /** Clockwise rotation applied to a copy of the file before OCR, to test rotated photos. */
  rotate?: PageRotation;
  /** Accuracy this image must reach; recorded from a measured run minus a small margin. */
  minAccuracy?: number;
};

export type ImageScore = { file: string; rotate: PageRotation; accuracy: number; ms: number; text: string; detectedRotation: PageRotation };

export async function readExpectedImages(fixturePath: string): Promise<ExpectedImage[]> {
  return JSON.parse(await readFile(fixturePath, "utf8")) as ExpectedImage[];
}

/**
 * Reads every image through the engine and scores it. `resolveImage` returns the path to read (a
 * rotated copy for entries with `rotate`). Overall accuracy weights each image by its expected length,
 * so it equals 1 − total edits / total expected characters.
 */
export async function scoreImages(
  engine: OcrEngine,
  images: ExpectedImage[],
  resolveImage: (image: ExpectedImage) => Promise<string>,
): Promise<{ scores: ImageScore[]; overall: number; msPerImage: number }> {
  const scores: ImageScore[] = [];
  let weighted = 0;
  let characters = 0;
  let totalMs = 0;
  for (const image of images) {
    const result = await engine.recognize(path.resolve(await resolveImage(image)));
    const text = result.lines.map((line) => line.text).join("\n");
    const accuracy = characterAccuracy(image.text, text);
    const length = normalizeForComparison(image.text).length;
    weighted += accuracy * length;
    characters += length;
    totalMs += result.ms;
    scores.push({ file: image.file, rotate: image.rotate ?? 0, accuracy, ms: result.ms, text, detectedRotation: result.rotation });
  }
  return { scores, overall: characters > 0 ? weighted / characters : 0, msPerImage: images.length > 0 ? totalMs / images.length : 0 };
}
