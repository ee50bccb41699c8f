import type { Db } from "@/lib/db/client";
import type { Enqueue } from "@/lib/queue/producer";

/**
 * Marks an image as waiting for OCR and sends its media.ocr job. Call it once the derived copy exists.
 * The status changes first, so the job can never finish before its own "queued" is written. A second
 * call while a job for the same image is still queued sends nothing new (the queue keeps one per image).
 */
export async function enqueueOcr(db: Db, queue: Enqueue, assetId: string): Promise<void> {
  const previous = await db.mediaAsset.findUnique({ where: { id: assetId }, select: { ocrStatus: true, ocrError: true } });
  if (!previous) throw new Error(`Media asset ${assetId} not found: cannot queue OCR for it`);

  await db.mediaAsset.update({ where: { id: assetId }, data: { ocrStatus: "queued", ocrError: null } });
  try {
    await queue("media.ocr", { assetId }, { singletonKey: assetId });
  } catch (error) {
    // Without a job nothing would ever leave "queued", so the row goes back to what it was.
    await db.mediaAsset.update({ where: { id: assetId }, data: previous });
    throw error;
  }
}
