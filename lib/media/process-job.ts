import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { parseFile } from "music-metadata";
import sharp from "sharp";
import type { Db } from "@/lib/db/client";
import type { MediaAsset } from "@/lib/db/generated/client";
import type { Logger } from "@/lib/log";
import type { Enqueue } from "@/lib/queue/producer";
import { PermanentJobError } from "@/lib/queue/run-job";
import { toSafeErrorText } from "@/lib/system/error-text";
import { pathOfKey, removeBlob, writeBlob } from "@/lib/storage/local";
import { decodeOptions } from "./inspect";
import { mediaLimits } from "./limits";
import { enqueueOcr } from "./ocr-queue";

export const DERIVED_FOLDER = "media-derived";
export const THUMBNAIL_FOLDER = "media-thumbnails";

/** Maximum length of a thumbnail's longer edge, in pixels. */
export const THUMBNAIL_SIZE = 320;

export type MediaJobDeps = { db: Db; log: Logger; enqueue: Enqueue; attempt: number; maxAttempts: number };

/**
 * Processes one uploaded asset. Images get a derived copy with the EXIF orientation applied and every
 * metadata block (EXIF with GPS, XMP, IPTC, ICC) dropped, plus a WebP thumbnail, and then OCR is queued.
 * Audio gets its duration. The asset ends "ready", or "failed" with `error` when the file cannot be read
 * or the last attempt failed.
 */
export async function runMediaProcessJob(deps: MediaJobDeps, assetId: string): Promise<void> {
  const asset = await deps.db.mediaAsset.findUnique({ where: { id: assetId } });
  if (!asset || asset.deletedAt) {
    deps.log.info({ assetId }, "media.process_skipped_missing");
    return;
  }

  try {
    if (asset.kind === "image") await processImage(deps, asset);
    else await processAudio(deps, asset);
  } catch (error) {
    const permanent = error instanceof PermanentJobError;
    if (permanent || deps.attempt >= deps.maxAttempts) {
      const message = permanent ? error.message : `Processing failed: ${toSafeErrorText(error)}`;
      await deps.db.mediaAsset.update({ where: { id: asset.id }, data: { status: "failed", error: message.slice(0, 1000) } });
    }
    throw error;
  }
}

async function processImage(deps: MediaJobDeps, asset: MediaAsset): Promise<void> {
  const original = await readFile(pathOfKey(asset.storageKey));
  const rendered = await renderImage(original, asset);

  const derived = await writeBlob(Readable.from([rendered.derived.data]), { folder: DERIVED_FOLDER, extension: rendered.derived.extension, limitBytes: Number.MAX_SAFE_INTEGER });
  const thumbnail = await writeBlob(Readable.from([rendered.thumbnail]), { folder: THUMBNAIL_FOLDER, extension: ".webp", limitBytes: Number.MAX_SAFE_INTEGER });

  // The asset may have been deleted while the job ran; then the new files are removed again.
  const updated = await deps.db.mediaAsset.updateMany({
    where: { id: asset.id, deletedAt: null, storageKey: asset.storageKey },
    data: {
      derivedKey: derived.key,
      thumbnailKey: thumbnail.key,
      width: rendered.derived.width,
      height: rendered.derived.height,
      status: "ready",
      error: null,
    },
  });
  if (updated.count === 0) {
    await Promise.all([removeBlob(derived.key), removeBlob(thumbnail.key)]);
    return;
  }
  await removeReplaced([asset.derivedKey, asset.thumbnailKey]);
  deps.log.info({ assetId: asset.id, width: rendered.derived.width, height: rendered.derived.height }, "media.processed");

  await enqueueOcr(deps.db, deps.enqueue, asset.id);
}

type RenderedImage = {
  derived: { data: Buffer; extension: ".jpg" | ".png"; width: number; height: number };
  thumbnail: Buffer;
};

/**
 * Renders the derived copy and the thumbnail. sharp writes no metadata unless withMetadata, withExif or
 * keepMetadata is called, so neither output carries the original's EXIF (GPS included). Images with an
 * alpha channel stay PNG so transparency survives; the rest become JPEG. Animated images keep the first frame.
 */
export async function renderImage(original: Buffer, asset: Pick<MediaAsset, "id">): Promise<RenderedImage> {
  const { maxPixels } = mediaLimits();
  let derived: RenderedImage["derived"];
  try {
    const upright = sharp(original, decodeOptions(maxPixels)).rotate();
    const { hasAlpha } = await sharp(original, decodeOptions(maxPixels)).metadata();
    const encoded = hasAlpha ? upright.png({ compressionLevel: 6 }) : upright.jpeg({ quality: 90, mozjpeg: true });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    derived = { data, extension: hasAlpha ? ".png" : ".jpg", width: info.width, height: info.height };
  } catch (error) {
    throw new PermanentJobError(`The image of media file ${asset.id} cannot be decoded: ${toSafeErrorText(error)}`, { cause: error });
  }

  const thumbnail = await sharp(derived.data, decodeOptions(maxPixels))
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return { derived, thumbnail };
}

async function processAudio(deps: MediaJobDeps, asset: MediaAsset): Promise<void> {
  let durationMs = asset.durationMs;
  if (durationMs === null) {
    try {
      const metadata = await parseFile(pathOfKey(asset.storageKey), { duration: true, skipCovers: true });
      durationMs = metadata.format.duration ? Math.round(metadata.format.duration * 1000) : null;
    } catch (error) {
      throw new PermanentJobError(`The audio of media file ${asset.id} cannot be read: ${toSafeErrorText(error)}`, { cause: error });
    }
  }
  await deps.db.mediaAsset.updateMany({ where: { id: asset.id, deletedAt: null }, data: { durationMs, status: "ready", error: null } });
  deps.log.info({ assetId: asset.id, durationMs }, "media.processed");
}

async function removeReplaced(keys: (string | null)[]): Promise<void> {
  await Promise.all(keys.filter((key): key is string => key !== null).map((key) => removeBlob(key)));
}
