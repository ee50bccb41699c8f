import type { Db } from "@/lib/db/client";
import type { ModelTarget } from "@/lib/llm/types";
import type { Logger } from "@/lib/log";
import { AppError } from "@/lib/errors";
import { callVisionModel, derivedImageDataUrl, describeCallFailure, imageMessage, ocrContext, rawTextAllowed, resolveVisionTarget } from "./ask-call";
import { CAPTION_PENDING } from "./caption";

export type CaptionJobContext = { db: Db; log: Logger; attempt: number; maxAttempts: number; storageRoot?: string };

/** Maximum caption length requested, in tokens, and kept on the asset, in characters (the caption edit limit). */
const CAPTION_MAX_TOKENS = 300;
const CAPTION_MAX_CHARS = 4000;

/**
 * Captions each pending image of a batch in turn: the model output becomes the asset's caption and the caption
 * row turns ok, or error with the reason. Rows that are no longer pending are skipped, so a retried job
 * resumes where the last attempt stopped.
 */
export async function runCaptionJob(context: CaptionJobContext, captionIds: string[]): Promise<void> {
  try {
    await captionPending(context, captionIds);
  } catch (error) {
    // Model failures are stored per caption, so this is a database or storage error. pg-boss retries the
    // job, and after the last attempt the captions still pending are failed so the progress bar can end.
    if (context.attempt >= context.maxAttempts) {
      await context.db.mediaQuestion.updateMany({
        where: { id: { in: captionIds }, status: CAPTION_PENDING },
        data: { status: "error", error: "Captioning stopped on an internal error; start it again" },
      });
    }
    throw error;
  }
}

async function captionPending(context: CaptionJobContext, captionIds: string[]): Promise<void> {
  const { db, log } = context;
  const pending = await db.mediaQuestion.findMany({ where: { id: { in: captionIds }, kind: "caption", status: CAPTION_PENDING }, orderBy: { id: "asc" } });
  const targets = new Map<string, ModelTarget | AppError>();

  for (const caption of pending) {
    const target = await targetFor(db, targets, caption.workspaceId, caption.providerModelId);
    if (target instanceof AppError) {
      await db.mediaQuestion.update({ where: { id: caption.id }, data: { status: "error", error: target.publicMessage } });
      continue;
    }

    try {
      const asset = await db.mediaAsset.findFirst({ where: { id: caption.assetId, workspaceId: caption.workspaceId, deletedAt: null } });
      if (!asset) throw new AppError("NOT_FOUND", "The image was deleted before it was captioned");
      const message = imageMessage(caption.question, ocrContext(asset, await rawTextAllowed(db, asset.workspaceId)), await derivedImageDataUrl(asset, context.storageRoot));
      const result = await callVisionModel(db, target, [message], { max_tokens: CAPTION_MAX_TOKENS }, { userId: caption.createdById });

      const text = result.text.trim().slice(0, CAPTION_MAX_CHARS);
      await db.$transaction([
        db.mediaQuestion.update({
          where: { id: caption.id },
          data: { status: "ok", answer: text, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, latencyMs: result.latencyMs },
        }),
        db.mediaAsset.update({ where: { id: asset.id }, data: { caption: text } }),
      ]);
    } catch (error) {
      const failure = describeCallFailure(error);
      log.warn({ captionId: caption.id, assetId: caption.assetId, kind: failure.kind }, "caption.failed");
      await db.mediaQuestion.update({ where: { id: caption.id }, data: { status: "error", error: failure.message } });
    }
  }
  log.info({ captions: pending.length }, "caption.batch_done");
}

/** Resolves each model once per batch; a model that cannot be used fails its captions with the reason. */
async function targetFor(db: Db, cache: Map<string, ModelTarget | AppError>, workspaceId: string, modelId: string | null): Promise<ModelTarget | AppError> {
  if (!modelId) return new AppError("NOT_FOUND", "The model was deleted before the image was captioned");
  const cached = cache.get(modelId);
  if (cached) return cached;

  let resolved: ModelTarget | AppError;
  try {
    resolved = await resolveVisionTarget(db, workspaceId, modelId);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    resolved = error;
  }
  cache.set(modelId, resolved);
  return resolved;
}
