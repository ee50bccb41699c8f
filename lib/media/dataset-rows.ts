import { Readable } from "node:stream";
import { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { createDataset, getDataset } from "@/lib/datasets/datasets";
import { createImport } from "@/lib/datasets/imports";
import { createDatasetInput } from "@/lib/datasets/schemas";
import { storeUpload } from "@/lib/datasets/uploads";
import type { Db } from "@/lib/db/client";
import type { MediaAsset } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { chatRecordOf, placeDatasetImage, toJsonLines } from "./dataset-rows-format";
import { applyMediaTextPolicy, readMediaTextPolicy } from "./policy";

/** Maximum number of rows in one request, the size of the largest gallery page. */
export const MAX_DATASET_ROWS = 200;
/** Maximum size of the JSONL file of one request. 200 rows of 12,000 characters, 3 bytes each in UTF-8, stay below it. */
const MAX_JSONL_BYTES = 16 * 1024 * 1024;

const rowInput = z.object({
  assetId: z.string().min(1).max(100),
  question: z.string().trim().min(1, "Enter a question").max(4_000, "A question has at most 4000 characters"),
  answer: z.string().trim().min(1, "Enter an answer").max(8_000, "An answer has at most 8000 characters"),
});

export const datasetRowsInput = z
  .object({
    datasetId: z.string().min(1).max(100).optional().describe("The dataset to append to"),
    newDataset: createDatasetInput.pick({ name: true, description: true }).optional().describe("Creates this dataset instead of naming one"),
    rows: z.array(rowInput).min(1, "Add at least one row").max(MAX_DATASET_ROWS, `Add at most ${MAX_DATASET_ROWS} rows per request`),
  })
  .strict()
  .refine((value) => (value.datasetId === undefined) !== (value.newDataset === undefined), { message: "Give either datasetId or newDataset", path: ["datasetId"] });

export type DatasetRowsInput = z.output<typeof datasetRowsInput>;

/** Reads the images of the rows; each must be a live, processed image of the workspace. */
async function readRowImages(db: Db, actor: Actor, assetIds: string[]): Promise<Map<string, MediaAsset>> {
  const unique = [...new Set(assetIds)];
  const assets = await db.mediaAsset.findMany({ where: { id: { in: unique }, workspaceId: actor.workspaceId, deletedAt: null } });
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  for (const id of unique) {
    const asset = byId.get(id);
    if (!asset) throw new AppError("NOT_FOUND", `No media file ${id} in this workspace`, { reason: "media.not_found", params: { id } });
    if (asset.kind !== "image") {
      throw new AppError("INVALID_INPUT", `"${asset.originalName}" is not an image; dataset rows are made from images`, { reason: "media.not_image", params: { filename: asset.originalName } });
    }
    if (asset.status !== "ready" || !asset.derivedKey) {
      throw new AppError("CONFLICT", `"${asset.originalName}" is still processing or failed to process; wait until it is ready`, { reason: "media.not_ready", params: { filename: asset.originalName } });
    }
  }
  return byId;
}

/** Returns the dataset to append to, creating it when asked; only chat datasets, or new empty ones, take image rows. */
async function targetDataset(db: Db, actor: Actor, input: DatasetRowsInput): Promise<{ id: string; name: string; audit: AuditEntry | null }> {
  if (input.newDataset) {
    const { dataset, audit } = await createDataset(db, actor, { ...input.newDataset, labelSet: [], multiLabel: false, tokenLimit: null });
    return { id: dataset.id, name: dataset.name, audit };
  }

  const dataset = await getDataset(db, actor, input.datasetId!);
  if (dataset.archivedAt) throw new AppError("CONFLICT", `Dataset "${dataset.name}" is archived; restore it first`, { reason: "media.dataset_archived", params: { name: dataset.name } });
  if (dataset.type && dataset.type !== "chat") {
    throw new AppError("INVALID_INPUT", `Dataset "${dataset.name}" has the type ${dataset.type}; image rows can only be added to a chat dataset`, {
      reason: "media.dataset_not_chat",
      params: { name: dataset.name, type: dataset.type },
    });
  }
  return { id: dataset.id, name: dataset.name, audit: null };
}

/**
 * Appends one chat row per image to a dataset through the datasets import. The rows are written as a JSONL
 * upload and imported in append mode. A media.dataset-rows job then analyses and commits that import, so
 * the new version is built exactly as for an uploaded file. Questions and answers are PII-masked unless
 * the workspace allows raw text, because answers usually come from OCR text.
 */
export async function appendDatasetRows(db: Db, enqueue: Enqueue, actor: Actor, input: DatasetRowsInput) {
  const images = await readRowImages(db, actor, input.rows.map((row) => row.assetId));
  const dataset = await targetDataset(db, actor, input);
  const policy = await readMediaTextPolicy(db, actor.workspaceId);

  const references = new Map<string, string>();
  for (const asset of images.values()) references.set(asset.id, await placeDatasetImage(asset));
  const records = input.rows.map((row) => chatRecordOf(references.get(row.assetId)!, applyMediaTextPolicy(row.question, policy), applyMediaTextPolicy(row.answer, policy)));

  const filename = `media-rows-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`;
  const { file } = await storeUpload(db, actor, Readable.from([Buffer.from(toJsonLines(records), "utf8")]), { filename, contentType: "application/x-ndjson", limitBytes: MAX_JSONL_BYTES });

  // The import's own analyze job is replaced by a media.dataset-rows job, which analyses and then commits.
  const assetIds = [...images.keys()];
  const sendRowsJob: Enqueue = async (name, payload, options) => {
    if (name !== "datasets.import") return enqueue(name, payload, options);
    const { importId } = payload as { importId: string };
    await enqueue("media.dataset-rows", { importId, assetIds });
  };
  const { datasetImport, audit: importAudit } = await createImport(db, sendRowsJob, actor, dataset.id, file.id, { type: "chat", format: "jsonl", mode: "append", skipInvalid: false });

  const audit: AuditEntry = {
    action: "media.dataset_rows",
    targetType: "dataset",
    targetId: dataset.id,
    changes: { importId: datasetImport.id, rows: records.length, assetIds },
  };
  const audits = [dataset.audit, importAudit, audit].filter((entry): entry is AuditEntry => entry !== null);
  return { dataset: { id: dataset.id, name: dataset.name }, importId: datasetImport.id, rows: records.length, audits };
}
