import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { mediaRoot } from "@/lib/datasets/media";
import type { MediaAsset } from "@/lib/db/generated/client";
import { pathOfKey } from "@/lib/storage/local";

/** Folder under LUODI_DATA_DIR/media that contains the images referenced by rows made from media files. */
export const DATASET_IMAGE_FOLDER = "assets";

/**
 * Returns the image reference a dataset row stores for an asset: a path relative to LUODI_DATA_DIR/media,
 * the folder the datasets import resolves local image paths against. The file name is the asset id, so an
 * export or a trainer can map the path back to the media file.
 */
export function imageReferenceOf(asset: Pick<MediaAsset, "id" | "derivedKey">): string {
  const extension = path.extname(asset.derivedKey ?? "") || ".jpg";
  return `${DATASET_IMAGE_FOLDER}/${asset.id}${extension}`;
}

/**
 * Copies the derived copy (upright, without EXIF or GPS metadata) to where the reference points. The copy
 * is what rows use, so a deleted media file does not break datasets that already contain it.
 */
export async function placeDatasetImage(asset: Pick<MediaAsset, "id" | "derivedKey">, root = mediaRoot(), storageRoot?: string): Promise<string> {
  if (!asset.derivedKey) throw new Error(`Media asset ${asset.id} has no derived copy`);
  const reference = imageReferenceOf(asset);
  const target = path.join(root, reference);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(pathOfKey(asset.derivedKey, storageRoot), target);
  return reference;
}

/**
 * Builds one chat record in the OpenAI fine-tuning format for vision models: a user message whose content
 * is the image part followed by the question, and an assistant message with the answer.
 */
export function chatRecordOf(reference: string, question: string, answer: string): Record<string, unknown> {
  return {
    messages: [
      { role: "user", content: [{ type: "image_url", image_url: { url: reference } }, { type: "text", text: question }] },
      { role: "assistant", content: answer },
    ],
  };
}

/** Joins records as JSON Lines, the format the import reads. */
export function toJsonLines(records: Record<string, unknown>[]): string {
  return records.map((record) => JSON.stringify(record)).join("\n") + "\n";
}
