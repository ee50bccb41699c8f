import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import { createDataset } from "@/lib/datasets/datasets";
import { runImportJob } from "@/lib/datasets/import-job";
import { commitImport, createImport } from "@/lib/datasets/imports";
import { deleteVersionRows } from "@/lib/datasets/rows-write";
import { storeUpload } from "@/lib/datasets/uploads";
import type { Db } from "@/lib/db/client";
import type { GatewayFile } from "@/lib/db/generated/client";
import type { Logger } from "@/lib/log";
import type { Enqueue } from "@/lib/queue/producer";
import { removeBlob } from "@/lib/storage/local";
import { invalidRequest, GatewayError } from "../respond";
import { withOpenAiErrors } from "./errors";
import { checkChatFile } from "./jsonl-check";
import type { UploadedFile } from "./multipart";

/** The OpenAI file object. */
export type FileObject = {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: "uploaded" | "processed" | "error";
  status_details: string | null;
};

export function toFileObject(file: GatewayFile): FileObject {
  return {
    id: file.externalId,
    object: "file",
    bytes: file.bytes,
    created_at: Math.floor(file.createdAt.getTime() / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: file.status === "processed" || file.status === "error" ? file.status : "uploaded",
    status_details: file.statusDetails,
  };
}

/** Creates an OpenAI-style file id: "file-" and 24 letters and digits. */
function newFileId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return `file-${Array.from(randomBytes(24), (byte) => alphabet[byte % alphabet.length]).join("")}`;
}

export function fileNotFound(fileId: string, param: string | null = null): GatewayError {
  return new GatewayError(404, { message: `No file with id ${JSON.stringify(fileId.slice(0, 80))} exists in this workspace. GET /v1/files lists the files your key can see.`, type: "invalid_request_error", param, code: "file_not_found" });
}

/** Finds a file of the workspace that was not deleted. */
export async function findFile(db: Db, workspaceId: string, fileId: string): Promise<GatewayFile | null> {
  return db.gatewayFile.findFirst({ where: { externalId: fileId, workspaceId, deletedAt: null } });
}

/** Names the file's dataset after the file, with the file id so that two uploads of train.jsonl stay apart. */
function datasetNameOf(filename: string, externalId: string): string {
  const base = filename.replace(/[/\\<>]/g, "_").slice(0, 80);
  return `${base} (${externalId})`;
}

type ImportContext = { db: Db; log: Logger; actor: Actor };

/**
 * Stores an uploaded chat fine-tuning file and imports it through the dataset import path (analysis,
 * then commit) in this process, into a new chat dataset named after the file. The file row records the
 * dataset version. Nothing is stored when the file fails the format check. When the import rejects a
 * row, everything written so far is removed and the error names the line.
 */
export async function uploadFile(context: ImportContext, apiKeyId: string, upload: UploadedFile) {
  const { db, actor } = context;
  checkChatFile(upload.bytes, upload.filename);

  const externalId = newFileId();
  const stored = await withOpenAiErrors(() => storeUpload(db, actor, Readable.from([upload.bytes]), { filename: upload.filename, contentType: "application/jsonl", limitBytes: upload.bytes.length }));
  const { dataset } = await withOpenAiErrors(() => createDataset(db, actor, { name: datasetNameOf(stored.file.filename, externalId), description: `Uploaded through the gateway as ${externalId}.`, labelSet: [], multiLabel: false, tokenLimit: null }));

  try {
    const versionId = await importRows(context, dataset.id, stored.file.id, stored.file.filename);
    const file = await db.gatewayFile.create({
      data: {
        workspaceId: actor.workspaceId,
        externalId,
        apiKeyId,
        filename: stored.file.filename,
        purpose: upload.purpose,
        bytes: upload.bytes.length,
        sha256: stored.file.sha256,
        status: "processed",
        datasetId: dataset.id,
        datasetVersionId: versionId,
      },
    });
    const audit: AuditEntry = { action: "gateway.file_upload", targetType: "file", targetId: file.id, changes: { fileId: externalId, filename: file.filename, bytes: file.bytes, datasetId: dataset.id, datasetVersionId: versionId } };
    return { file, audit };
  } catch (error) {
    await removeUpload(db, dataset.id, stored.file.id, stored.file.storageKey).catch((cleanupError: unknown) => {
      context.log.error({ datasetId: dataset.id, error: String(cleanupError) }, "gateway.file_cleanup_failed");
    });
    throw error;
  }
}

/**
 * Runs the import's analysis and commit in this process. The enqueue given to the dataset code records
 * nothing, because the phases run right here instead of on a worker.
 */
async function importRows(context: ImportContext, datasetId: string, storedFileId: string, filename: string): Promise<string> {
  const { db, log, actor } = context;
  const runHere: Enqueue = async () => undefined;
  const jobContext = { db, log, attempt: 1, maxAttempts: 1 };

  const { datasetImport } = await withOpenAiErrors(() => createImport(db, runHere, actor, datasetId, storedFileId, { type: "chat", skipInvalid: false, mode: "replace" }));
  await runImportJob(jobContext, datasetImport.id, "analyze");
  const analysed = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
  if (analysed.status !== "review") throw importFailed(filename, analysed.error);
  if (analysed.rowsInvalid > 0) throw await firstIssueError(db, datasetImport.id, filename, analysed.rowsInvalid);

  await withOpenAiErrors(() => commitImport(db, runHere, actor, datasetImport.id));
  await runImportJob(jobContext, datasetImport.id, "commit");
  const committed = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
  if (committed.status !== "completed" || !committed.versionId) throw importFailed(filename, committed.error);
  return committed.versionId;
}

function importFailed(filename: string, detail: string | null): GatewayError {
  return invalidRequest(`${filename} could not be imported: ${detail ?? "the import stopped without a reason"}. Nothing was stored; fix the file and upload it again.`, "file", "invalid_file_format");
}

/** Builds the error for rows the dataset validation rejected, naming the first one's line and field. */
async function firstIssueError(db: Db, importId: string, filename: string, invalidRows: number): Promise<GatewayError> {
  const issue = await db.datasetImportIssue.findFirst({ where: { importId }, orderBy: { id: "asc" } });
  const where = issue ? `line ${issue.line}${issue.field ? `, field ${issue.field}` : ""}` : "a line";
  const params = issue && issue.params && Object.keys(issue.params as object).length > 0 ? ` (${JSON.stringify(issue.params)})` : "";
  const code = issue?.code ?? "invalid_row";
  return invalidRequest(
    `${filename} has ${invalidRows} invalid ${invalidRows === 1 ? "example" : "examples"}; the first is at ${where}: ${code.replace(/_/g, " ")}${params}. Nothing was stored; fix the file and upload it again.`,
    "file",
    "invalid_file_format",
  );
}

/** Deletes what a failed upload wrote: the dataset with its import, versions and rows, the stored file and its bytes. */
async function removeUpload(db: Db, datasetId: string, storedFileId: string, storageKey: string): Promise<void> {
  const versions = await db.datasetVersion.findMany({ where: { datasetId }, select: { id: true } });
  for (const version of versions) await deleteVersionRows(db, version.id);
  await db.dataset.deleteMany({ where: { id: datasetId } });
  await db.storedFile.deleteMany({ where: { id: storedFileId } });
  await removeBlob(storageKey);
}

/** Lists the workspace's files, newest first; `after` is the id of the last file of the previous page. */
export async function listFiles(db: Db, workspaceId: string, options: { limit: number; after: string | null; purpose: string | null }) {
  const cursor = options.after ? await findFile(db, workspaceId, options.after) : null;
  if (options.after && !cursor) throw fileNotFound(options.after, "after");
  const files = await db.gatewayFile.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      ...(options.purpose ? { purpose: options.purpose } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
  });
  return { files: files.slice(0, options.limit), hasMore: files.length > options.limit };
}

/** The stored bytes of a file, found through the dataset version its import made. */
export async function fileContentKey(db: Db, file: GatewayFile): Promise<string | null> {
  if (!file.datasetVersionId) return null;
  const version = await db.datasetVersion.findUnique({ where: { id: file.datasetVersionId }, select: { sourceFileId: true } });
  if (!version?.sourceFileId) return null;
  const stored = await db.storedFile.findUnique({ where: { id: version.sourceFileId }, select: { storageKey: true } });
  return stored?.storageKey ?? null;
}

/**
 * Deletes a file: it disappears from the files endpoints and its dataset is archived. The dataset's
 * versions and the uploaded bytes stay, because jobs trained on them keep pointing at them.
 */
export async function deleteFile(db: Db, file: GatewayFile) {
  await db.gatewayFile.update({ where: { id: file.id }, data: { deletedAt: new Date() } });
  if (file.datasetId) await db.dataset.updateMany({ where: { id: file.datasetId, archivedAt: null }, data: { archivedAt: new Date() } });
  const audit: AuditEntry = { action: "gateway.file_delete", targetType: "file", targetId: file.id, changes: { fileId: file.externalId, filename: file.filename } };
  return { audit };
}
