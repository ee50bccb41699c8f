import type { Db } from "@/lib/db/client";
import { runImportJob } from "@/lib/datasets/import-job";
import type { Logger } from "@/lib/log";
import { PermanentJobError } from "@/lib/queue/run-job";

export type DatasetRowsJobContext = { db: Db; log: Logger; attempt: number; maxAttempts: number; mediaRoot?: string };

/**
 * Runs an import made from media files to its end: the analysis, then, when every row is valid, the
 * commit that writes the new version, then records the dataset on each media file. Each step starts from
 * the import's stored status, so a retried job continues where the last attempt stopped.
 */
export async function runDatasetRowsJob(context: DatasetRowsJobContext, importId: string, assetIds: string[]): Promise<void> {
  const { db, log } = context;
  const importContext = { db, log, attempt: context.attempt, maxAttempts: context.maxAttempts, mediaRoot: context.mediaRoot };

  let current = await db.datasetImport.findUnique({ where: { id: importId } });
  if (!current) return;
  if (current.status === "queued" || current.status === "analyzing") {
    await runImportJob(importContext, importId, "analyze");
    current = await db.datasetImport.findUniqueOrThrow({ where: { id: importId } });
  }

  if (current.status === "review") {
    if (current.rowsInvalid > 0 || current.rowsValid === 0) {
      // The rows were built by Luodi, so an invalid one is a bug; the import keeps its issues for reading.
      const error = `${current.rowsInvalid} of ${current.rowsInvalid + current.rowsValid} rows made from media files are invalid; see the import's issues`;
      await db.datasetImport.update({ where: { id: importId }, data: { status: "failed", error } });
      log.error({ importId, rowsInvalid: current.rowsInvalid, rowsValid: current.rowsValid }, "media.dataset_rows.invalid");
      throw new PermanentJobError(`Import ${importId}: ${error}`);
    }
    current = await db.datasetImport.update({ where: { id: importId }, data: { status: "importing", bytesDone: 0, rowsDone: 0, error: null, attempts: 0 } });
  }

  if (current.status === "importing") {
    await runImportJob(importContext, importId, "commit");
    current = await db.datasetImport.findUniqueOrThrow({ where: { id: importId } });
  }
  if (current.status !== "completed") {
    log.warn({ importId, status: current.status }, "media.dataset_rows.not_completed");
    return;
  }

  await db.$executeRaw`
    UPDATE "MediaAsset" SET "usedInDatasetIds" = array_append("usedInDatasetIds", ${current.datasetId})
    WHERE id = ANY(${assetIds}) AND NOT (${current.datasetId} = ANY("usedInDatasetIds"))`;
  log.info({ importId, datasetId: current.datasetId, versionId: current.versionId, assets: assetIds.length }, "media.dataset_rows.done");
}
