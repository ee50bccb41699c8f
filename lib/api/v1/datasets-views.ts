import { readImportMapping } from "@/lib/datasets/import-state";
import type { StoredRow } from "@/lib/datasets/rows-read";
import { toFileView } from "@/lib/datasets/uploads";
import type { Dataset, DatasetImport, DatasetTask, DatasetVersion, StoredFile } from "@/lib/db/generated/client";

/*
 * Database rows → the wire shapes in datasets-schemas.ts. Each view picks its fields by name, so internal
 * columns (search text, worker heartbeats, attempt counters) never reach clients, and BigInt byte counts
 * become numbers. Dates stay Date objects, which JSON.stringify writes as ISO 8601.
 */

export function toDatasetView(dataset: Dataset) {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description,
    type: dataset.type,
    labelSet: dataset.labelSet,
    multiLabel: dataset.multiLabel,
    tokenLimit: dataset.tokenLimit,
    createdById: dataset.createdById,
    createdAt: dataset.createdAt,
    updatedAt: dataset.updatedAt,
    archivedAt: dataset.archivedAt,
  };
}

export function toVersionView(version: DatasetVersion) {
  return {
    id: version.id,
    datasetId: version.datasetId,
    number: version.number,
    parentId: version.parentId,
    operation: version.operation,
    operationParams: version.operationParams,
    status: version.status,
    rowCount: version.rowCount,
    contentHash: version.contentHash,
    message: version.message,
    sourceFileId: version.sourceFileId,
    error: version.error,
    createdById: version.createdById,
    createdAt: version.createdAt,
    readyAt: version.readyAt,
  };
}

export function toVersionDetailView(version: DatasetVersion) {
  return { ...toVersionView(version), stats: version.stats ?? null };
}

export function toImportView(found: DatasetImport) {
  return {
    id: found.id,
    datasetId: found.datasetId,
    fileId: found.fileId,
    status: found.status,
    format: found.format,
    encoding: found.encoding,
    sheet: found.sheet,
    detectedType: found.detectedType,
    mapping: readImportMapping(found.mapping),
    fixes: found.fixes,
    skipInvalid: found.skipInvalid,
    mode: found.mode,
    tokenLimit: found.tokenLimit,
    report: found.report,
    bytesTotal: Number(found.bytesTotal),
    bytesDone: Number(found.bytesDone),
    rowsDone: found.rowsDone,
    rowsValid: found.rowsValid,
    rowsInvalid: found.rowsInvalid,
    cancelRequested: found.cancelRequested,
    versionId: found.versionId,
    error: found.error,
    createdById: found.createdById,
    createdAt: found.createdAt,
    updatedAt: found.updatedAt,
  };
}

export function toImportDetailView(found: DatasetImport & { file: StoredFile | null }) {
  return { ...toImportView(found), file: found.file ? toFileView(found.file) : null };
}

export function toTaskView(task: DatasetTask) {
  return {
    id: task.id,
    datasetId: task.datasetId,
    versionId: task.versionId,
    kind: task.kind,
    status: task.status,
    params: task.params,
    progress: task.progress,
    result: task.result ?? null,
    resultVersionId: task.resultVersionId,
    fileId: task.fileId,
    error: task.error,
    createdById: task.createdById,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

export function toRowView(row: StoredRow) {
  return {
    rowKey: row.rowKey,
    position: row.position,
    split: row.split,
    data: row.data,
    labels: row.labels,
    review: row.review,
    note: row.note,
    flags: row.flags,
    tokens: row.tokens,
    hash: row.hash,
    sourceLine: row.sourceLine,
  };
}
