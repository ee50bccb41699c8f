import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import { cleanFilename } from "@/lib/datasets/uploads";
import type { Db } from "@/lib/db/client";
import { Prisma, type MediaAsset } from "@/lib/db/generated/client";
import { logger } from "@/lib/log";
import type { Enqueue } from "@/lib/queue/producer";
import { removeBlob, writeBlob } from "@/lib/storage/local";
import { inspectMediaFile, type ExtensionPolicy, type UploadNote } from "./inspect";
import type { MediaLimits } from "./limits";

const log = logger.child({ domain: "media" });

/** Storage folder of uploaded originals; derived copies and thumbnails have their own folders. */
export const ORIGINALS_FOLDER = "media";

export type StoredMedia = {
  asset: MediaAsset;
  /** True when the workspace already had these bytes: the existing asset is returned and nothing is stored. */
  duplicate: boolean;
  note: UploadNote | null;
};

/**
 * Checks one file and stores it as a media asset, then queues its processing. Files are keyed by
 * workspace and SHA-256, so the same bytes uploaded again return the existing asset. A rejected file
 * raises the AppError that names it, and nothing is written. `extensionPolicy` decides whether a file
 * whose extension names another type than its content is rejected or stored with a note.
 */
export async function storeMediaFile(
  db: Db,
  enqueue: Enqueue,
  actor: Actor,
  file: { filename: string; bytes: Buffer },
  limits: MediaLimits,
  extensionPolicy: ExtensionPolicy = "reject",
): Promise<StoredMedia> {
  const filename = cleanFilename(file.filename);
  const inspected = await inspectMediaFile(filename, file.bytes, limits, extensionPolicy);
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");

  const existing = await db.mediaAsset.findUnique({ where: { workspaceId_sha256: { workspaceId: actor.workspaceId, sha256 } } });
  if (existing && !existing.deletedAt) {
    // A duplicate of a file whose processing failed gets another try, so uploading again is the fix.
    const asset = existing.status === "failed" ? await requeueProcessing(db, enqueue, existing) : existing;
    return { asset, duplicate: true, note: inspected.note };
  }

  const blob = await writeBlob(Readable.from([file.bytes]), { folder: ORIGINALS_FOLDER, extension: inspected.type.extension, limitBytes: limits.maxFileBytes });
  const fields = {
    kind: inspected.type.kind,
    mimeType: inspected.type.mimeType,
    bytes: file.bytes.length,
    originalName: filename,
    storageKey: blob.key,
    width: inspected.width,
    height: inspected.height,
    durationMs: inspected.durationMs,
    uploadedById: actor.userId,
  };

  let asset: MediaAsset;
  try {
    asset = existing
      ? await db.mediaAsset.update({ where: { id: existing.id }, data: { ...fields, ...freshState(), createdAt: new Date() } })
      : await db.mediaAsset.create({ data: { workspaceId: actor.workspaceId, sha256, ...fields } });
  } catch (error) {
    await removeBlob(blob.key);
    // Two uploads of the same bytes raced; the one that lost returns the winner's asset.
    if (isUniqueViolation(error)) {
      const winner = await db.mediaAsset.findUniqueOrThrow({ where: { workspaceId_sha256: { workspaceId: actor.workspaceId, sha256 } } });
      return { asset: winner, duplicate: true, note: inspected.note };
    }
    throw error;
  }

  return { asset: await queueProcessing(db, enqueue, asset), duplicate: false, note: inspected.note };
}

/** Every field that processing, OCR and editing fill in, reset for a deleted asset uploaded again. */
function freshState() {
  return {
    deletedAt: null,
    derivedKey: null,
    thumbnailKey: null,
    tags: [],
    caption: null,
    status: "processing",
    error: null,
    ocrStatus: "none",
    ocrText: null,
    ocrBoxes: Prisma.DbNull,
    ocrConfidence: null,
    ocrMs: null,
    ocrError: null,
    transcriptStatus: "none",
    transcript: null,
    transcriptError: null,
  } satisfies Prisma.MediaAssetUpdateInput;
}

async function requeueProcessing(db: Db, enqueue: Enqueue, asset: MediaAsset): Promise<MediaAsset> {
  const updated = await db.mediaAsset.update({ where: { id: asset.id }, data: { status: "processing", error: null } });
  return queueProcessing(db, enqueue, updated);
}

/**
 * Sends the media.process job. When the queue is unreachable the asset is marked failed with a message,
 * so it does not stay "processing" forever, and the upload request fails.
 */
async function queueProcessing(db: Db, enqueue: Enqueue, asset: MediaAsset): Promise<MediaAsset> {
  try {
    await enqueue("media.process", { assetId: asset.id });
    return asset;
  } catch (error) {
    log.error({ err: error, assetId: asset.id }, "media.process_enqueue_failed");
    await db.mediaAsset.update({
      where: { id: asset.id },
      data: { status: "failed", error: "The processing job could not be queued; upload the file again to retry" },
    });
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
