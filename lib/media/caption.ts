import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import type { Enqueue } from "@/lib/queue/producer";
import { mediaModelError, resolveVisionTarget } from "./ask-call";

/** Maximum images captioned by one request. */
export const MAX_CAPTION_IMAGES = 200;

/** A caption waiting for its call; it becomes ok with the caption, or error. */
export const CAPTION_PENDING = "pending";

/** Prompt sent with each image, stored as the caption's `question`. */
export const CAPTION_PROMPT =
  "Write one caption for this image in the language of any text printed on it (Chinese when unsure): what it shows, with brand, " +
  "product and any printed numbers that identify it. At most two sentences, no preamble.";

export const captionBatchInput = z
  .object({
    modelId: z.string().min(1).max(100).describe("ProviderModel id of a model with the vision capability"),
    assetIds: z
      .array(z.string().min(1).max(100))
      .min(1, "Select at least one image")
      .max(MAX_CAPTION_IMAGES, `Caption at most ${MAX_CAPTION_IMAGES} images at a time`)
      .transform((ids) => [...new Set(ids)]),
  })
  .strict();

export const captionProgressQuery = z.object({
  ids: z
    .string()
    .max(MAX_CAPTION_IMAGES * 40)
    .transform((value) => value.split(",").filter((id) => id !== ""))
    .describe("Comma-separated caption ids returned when the batch started"),
});

export type CaptionProgress = { total: number; done: number; failed: number; pending: number };

/**
 * Starts captioning: checks the model and every image, writes one pending caption (MediaQuestion kind
 * caption) per image and sends one media.caption job for all of them. Returns the caption ids, which the
 * gallery polls for progress.
 */
export async function startCaptionBatch(db: Db, actor: Actor, queue: Enqueue, input: z.output<typeof captionBatchInput>): Promise<{ captionIds: string[]; audit: AuditEntry }> {
  const target = await resolveVisionTarget(db, actor.workspaceId, input.modelId);
  const assets = await db.mediaAsset.findMany({ where: { id: { in: input.assetIds }, workspaceId: actor.workspaceId, deletedAt: null } });
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  for (const id of input.assetIds) {
    const asset = byId.get(id);
    if (!asset) throw mediaModelError("NOT_FOUND", "image_not_found", `Media file ${id} not found; remove it from the selection`, { id });
    if (asset.kind !== "image") {
      throw mediaModelError("INVALID_INPUT", "not_an_image", `${asset.originalName} is not an image; only images can be sent to a vision model`, { filename: asset.originalName });
    }
    if (asset.status !== "ready") {
      throw mediaModelError("CONFLICT", "image_not_ready", `${asset.originalName} is still ${asset.status}; wait until it is ready`, { filename: asset.originalName, status: asset.status });
    }
  }

  const captions = await db.$transaction(
    input.assetIds.map((assetId) =>
      db.mediaQuestion.create({
        data: { workspaceId: actor.workspaceId, assetId, providerModelId: target.modelId, model: target.model, kind: "caption", question: CAPTION_PROMPT, status: CAPTION_PENDING, createdById: actor.userId },
        select: { id: true },
      }),
    ),
  );
  const captionIds = captions.map((caption) => caption.id);

  try {
    await queue("media.caption", { captionIds });
  } catch (error) {
    // Without a job the captions would stay pending for ever.
    await db.mediaQuestion.updateMany({ where: { id: { in: captionIds } }, data: { status: "error", error: "The job could not be queued; start captioning again" } });
    throw error;
  }

  const audit: AuditEntry = { action: "media.caption.start", targetType: "media", targetId: null, changes: { model: target.model, images: captionIds.length } };
  return { captionIds, audit };
}

/** Counts a batch's captions by outcome; ids of other workspaces are ignored. */
export async function captionProgress(db: Db, actor: Actor, ids: string[]): Promise<CaptionProgress> {
  const groups = await db.mediaQuestion.groupBy({ by: ["status"], where: { id: { in: ids }, workspaceId: actor.workspaceId, kind: "caption" }, _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const total = groups.reduce((sum, group) => sum + group._count._all, 0);
  return { total, done: count("ok"), failed: count("error"), pending: count(CAPTION_PENDING) };
}
