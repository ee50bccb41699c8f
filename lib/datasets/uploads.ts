import path from "node:path";
import type { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { BlobTooLargeError, writeBlob } from "@/lib/storage/local";

export const UPLOAD_PURPOSE = "dataset-upload";

const ALLOWED_EXTENSIONS = new Set([".jsonl", ".json", ".csv", ".tsv", ".xlsx", ".txt"]);

/** Keeps the base name, without folders or control characters, so it is safe to show and to send in headers. */
export function cleanFilename(raw: string): string {
  const base = path.basename(raw.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return base.slice(0, 200) || "upload";
}

export function assertUploadExtension(filename: string) {
  const extension = path.extname(filename).toLowerCase();
  if (!ALLOWED_EXTENSIONS.has(extension)) {
    throw new AppError("INVALID_INPUT", `"${filename}" is not a dataset file: upload .jsonl, .json, .csv, .tsv or .xlsx`, {
      reason: "datasets.unsupported_extension",
      params: { filename },
    });
  }
}

/**
 * Streams an upload into storage and records it. The body is never held in memory; past `limitBytes`
 * the partial file is removed and the caller gets TOO_LARGE.
 */
export async function storeUpload(
  db: Db,
  actor: Actor,
  source: Readable | AsyncIterable<Uint8Array>,
  options: { filename: string; contentType?: string; limitBytes: number },
) {
  const filename = cleanFilename(options.filename);
  assertUploadExtension(filename);

  let blob;
  try {
    blob = await writeBlob(source, { folder: "uploads", extension: path.extname(filename).toLowerCase(), limitBytes: options.limitBytes });
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      const limitMb = Math.floor(options.limitBytes / 1024 / 1024);
      throw new AppError("TOO_LARGE", `"${filename}" is larger than the ${limitMb} MiB upload limit (LUODI_MAX_UPLOAD_MB)`, {
        reason: "datasets.upload_too_large",
        params: { filename, limitMb },
      });
    }
    throw error;
  }

  const file = await db.storedFile.create({
    data: {
      workspaceId: actor.workspaceId,
      storageKey: blob.key,
      filename,
      contentType: options.contentType?.slice(0, 200) || "application/octet-stream",
      size: BigInt(blob.size),
      sha256: blob.sha256,
      purpose: UPLOAD_PURPOSE,
      createdById: actor.userId,
    },
  });
  return { file, duplicateOf: await findImportedCopy(db, actor, blob.sha256, file.id) };
}

/**
 * The newest ready version imported from a file with the same bytes, so the console can offer it
 * instead of importing the same file twice.
 */
export async function findImportedCopy(db: Db, actor: Actor, sha256: string, exceptFileId?: string) {
  const files = await db.storedFile.findMany({
    where: { workspaceId: actor.workspaceId, sha256, purpose: UPLOAD_PURPOSE, ...(exceptFileId ? { NOT: { id: exceptFileId } } : {}) },
    select: { id: true },
  });
  if (files.length === 0) return null;

  const version = await db.datasetVersion.findFirst({
    where: { sourceFileId: { in: files.map((file) => file.id) }, status: "ready", dataset: { workspaceId: actor.workspaceId } },
    orderBy: { createdAt: "desc" },
    include: { dataset: { select: { id: true, name: true } } },
  });
  if (!version) return null;
  return { datasetId: version.dataset.id, datasetName: version.dataset.name, versionId: version.id, versionNumber: version.number };
}

export function toFileView(file: { id: string; filename: string; size: bigint; sha256: string; contentType: string; createdAt: Date }) {
  return { id: file.id, filename: file.filename, size: Number(file.size), sha256: file.sha256, contentType: file.contentType, createdAt: file.createdAt };
}
