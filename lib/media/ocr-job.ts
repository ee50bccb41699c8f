import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { maskPii } from "@/lib/guardrails/pii";
import type { Logger } from "@/lib/log";
import { PermanentJobError } from "@/lib/queue/run-job";
import type { OcrEngine } from "./ocr/engine";
import { OCR_ERROR_MESSAGES, type OcrJobErrorCode } from "./ocr-errors";
import { OcrError } from "./ocr/errors";
import { sharedOcrEngine } from "./ocr/shared-engine";
import type { OcrLine, OcrResult } from "./ocr/types";
import { pathOfKey } from "@/lib/storage/local";

export type OcrJobContext = {
  db: Db;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  /** The engine to use; the worker's shared engine when unset. */
  engine?: OcrEngine;
  /** Storage root of derived copies; LUODI_DATA_DIR/storage when unset. */
  storageRoot?: string;
};

/**
 * Runs OCR on one image: ocrStatus goes running → done, or failed with a message. Text and box texts
 * are PII-masked unless the workspace allows raw text. After a transient failure with retries left,
 * the status goes back to queued and the error is rethrown, so pg-boss retries the job. A killed
 * worker leaves "running" behind, and the retry overwrites it.
 */
export async function runOcrJob(context: OcrJobContext, assetId: string): Promise<void> {
  const { db, log } = context;
  const asset = await db.mediaAsset.findUnique({
    where: { id: assetId },
    select: { id: true, kind: true, derivedKey: true, deletedAt: true, workspaceId: true },
  });
  if (!asset || asset.deletedAt) {
    log.info({ assetId }, "ocr.asset_gone");
    return;
  }
  if (asset.kind !== "image") return fail(context, assetId, "not_an_image");
  if (!asset.derivedKey) return fail(context, assetId, "no_derived_copy");

  await db.mediaAsset.update({ where: { id: assetId }, data: { ocrStatus: "running", ocrError: null } });
  const engine = context.engine ?? sharedOcrEngine();

  let result: OcrResult;
  try {
    result = await engine.recognize(pathOfKey(asset.derivedKey, context.storageRoot));
  } catch (caught) {
    const error = caught instanceof OcrError ? caught : new OcrError("engine_failed", caught instanceof Error ? caught.message : String(caught));
    if (error.permanent || context.attempt >= context.maxAttempts) return fail(context, assetId, error.code, error.message);
    await db.mediaAsset.update({ where: { id: assetId }, data: { ocrStatus: "queued", ocrError: null } });
    throw error;
  }

  // Read after recognition, so a policy change made while the image was being read applies.
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: asset.workspaceId }, select: { mediaRawText: true } });
  const stored = buildStoredText(result.lines, workspace.mediaRawText);
  await db.mediaAsset.update({
    where: { id: assetId },
    data: { ocrStatus: "done", ocrText: stored.text, ocrBoxes: stored.boxes as Prisma.InputJsonArray, ocrConfidence: stored.confidence, ocrMs: result.ms, ocrError: null },
  });
  log.info({ assetId, lines: result.lines.length, characters: stored.text.length, rotation: result.rotation, ms: result.ms }, "ocr.done");
}

/** Builds what is stored: the lines' text joined by newlines, the boxes and the mean confidence, PII-masked unless `rawText`. */
export function buildStoredText(lines: OcrLine[], rawText: boolean): { text: string; boxes: OcrLine[]; confidence: number | null } {
  // Masked per line: the library already joins the segments of one text row with spaces, so a number
  // printed in groups ("138 1234 5678") is found whole within its line.
  const boxes = rawText ? lines : lines.map((line) => ({ ...line, text: maskPii(line.text) }));
  const text = boxes.map((line) => line.text).join("\n");
  const confidence = lines.length > 0 ? lines.reduce((sum, line) => sum + line.confidence, 0) / lines.length : null;
  return { text, boxes, confidence };
}

/** Stores the failure and ends the job without retries; a stale status would otherwise stay "running". */
async function fail(context: OcrJobContext, assetId: string, code: OcrJobErrorCode, detail?: string): Promise<never> {
  const message = OCR_ERROR_MESSAGES[code];
  await context.db.mediaAsset.update({ where: { id: assetId }, data: { ocrStatus: "failed", ocrError: message } });
  context.log.warn({ assetId, code, detail }, "ocr.failed");
  throw new PermanentJobError(`OCR of media asset ${assetId} failed (${code}): ${detail ?? message}`);
}
