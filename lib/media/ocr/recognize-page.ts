import { stat } from "node:fs/promises";
import { mapPointToOriginal } from "./geometry";
import { chooseRotation, needsRotationSearch, OTHER_ROTATIONS, summarizePass, type PassSummary } from "./orientation";
import { encodeForDetection, readUprightImage, type UprightImage } from "./prepare-image";
import type { Recognizer } from "./recognizer";
import type { OcrFailureCode, OcrLine, OcrPoint, OcrRequest, OcrResult, PageRotation } from "./types";

/** A failure with a code the supervisor uses to decide whether a retry can help. */
export class OcrFailure extends Error {
  constructor(
    readonly code: OcrFailureCode,
    message: string,
  ) {
    super(message);
    this.name = "OcrFailure";
  }
}

type Pass = { summary: PassSummary; lines: OcrLine[] };

/** Reads one image: first as stored, then in the other rotations when the first pass fails the orientation checks. */
export async function recognizePage(recognizer: Recognizer, request: OcrRequest): Promise<OcrResult> {
  const started = performance.now();
  const image = await decodeImage(request);

  const first = await runPass(recognizer, image, 0);
  const passes = [first];
  if (needsRotationSearch(first.summary)) {
    for (const rotation of OTHER_ROTATIONS) passes.push(await runPass(recognizer, image, rotation));
  }

  const chosen = chooseRotation(passes.map((pass) => pass.summary));
  const best = passes.find((pass) => pass.summary === chosen)!;
  const ms = Math.round(performance.now() - started);
  return { lines: best.lines, width: image.width, height: image.height, rotation: chosen.rotation, ms };
}

async function decodeImage(request: OcrRequest): Promise<UprightImage> {
  const found = await stat(request.path).catch(() => null);
  if (!found?.isFile()) throw new OcrFailure("not_found", `No image file at ${request.path}`);

  try {
    return await readUprightImage(request.path, request.maxPixels);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OcrFailure("invalid_image", `The image could not be decoded: ${reason}`);
  }
}

async function runPass(recognizer: Recognizer, image: UprightImage, rotation: PageRotation): Promise<Pass> {
  const encoded = await encodeForDetection(image, rotation);
  const output = await recognizer.run(encoded);

  const lines: OcrLine[] = [];
  for (const line of output.lines) {
    if (!line.box || line.box.length !== 4) continue;
    const text = line.text.normalize("NFKC").trim();
    if (!text) continue;

    const corners = line.box.map((point) => mapPointToOriginal([point[0]!, point[1]!], rotation, image.scale, image.width, image.height));
    lines.push({ text, confidence: roundConfidence(line.mean), box: corners as [OcrPoint, OcrPoint, OcrPoint, OcrPoint] });
  }

  const summary = summarizePass(rotation, lines, { detected: output.detected, flipped: output.flipped, tall: output.tall });
  return { summary, lines };
}

function roundConfidence(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
