import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { getDataset } from "./datasets";
import { readImportMapping } from "./import-state";
import type { configureImportInput } from "./schemas";
import { UPLOAD_PURPOSE } from "./uploads";

type ImportOptions = z.output<typeof configureImportInput>;

async function getImport(db: Db, actor: Actor, importId: string) {
  const found = await db.datasetImport.findFirst({
    where: { id: importId, dataset: { workspaceId: actor.workspaceId } },
  });
  if (!found) throw new AppError("NOT_FOUND", "No such import in this workspace", { reason: "datasets.import_not_found" });
  return found;
}

function notInState(status: string, allowed: string) {
  return new AppError("CONFLICT", `The import's status is "${status}"; this action needs the status "${allowed}"`, {
    reason: "datasets.import_wrong_state",
    params: { status, allowed },
  });
}

/** Fields of the import row that the user's options set; mapping parts merge with what was detected. */
function optionData(options: ImportOptions, current: unknown): Prisma.DatasetImportUpdateInput {
  const mapping = readImportMapping(current);
  const wantsMapping = options.type !== undefined || options.mapping !== undefined || options.multiLabel !== undefined;
  const type = options.type ?? mapping?.type;
  return {
    ...(options.format !== undefined && { format: options.format }),
    ...(options.encoding !== undefined && { encoding: options.encoding }),
    ...(options.sheet !== undefined && { sheet: options.sheet }),
    ...(options.skipInvalid !== undefined && { skipInvalid: options.skipInvalid }),
    ...(options.mode !== undefined && { mode: options.mode }),
    ...(options.tokenLimit !== undefined && { tokenLimit: options.tokenLimit }),
    ...(options.fixes !== undefined && { fixes: options.fixes as Prisma.InputJsonValue }),
    ...(wantsMapping &&
      type && {
        mapping: {
          type,
          // A new type without a new mapping starts from an empty mapping, which the analysis fills in.
          fields: options.mapping ?? (options.type && options.type !== mapping?.type ? {} : (mapping?.fields ?? {})),
          multiLabel: options.multiLabel ?? mapping?.multiLabel ?? false,
        },
      }),
  };
}

/** Starts analysing an uploaded file for a dataset. Nothing is written to the dataset until commit. */
export async function createImport(db: Db, enqueue: Enqueue, actor: Actor, datasetId: string, fileId: string, options: ImportOptions = {}) {
  const dataset = await getDataset(db, actor, datasetId);
  const file = await db.storedFile.findFirst({ where: { id: fileId, workspaceId: actor.workspaceId, purpose: UPLOAD_PURPOSE } });
  if (!file) throw new AppError("NOT_FOUND", "No such uploaded file; upload it first", { reason: "datasets.file_not_found" });

  const running = await db.datasetImport.findFirst({ where: { datasetId, status: "importing" } });
  if (running) {
    throw new AppError("CONFLICT", "Another import into this dataset is writing rows; wait for it or cancel it", { reason: "datasets.import_running" });
  }

  const created = await db.datasetImport.create({
    data: {
      ...(optionData(options, null) as Omit<Prisma.DatasetImportUncheckedCreateInput, "datasetId" | "fileId">),
      datasetId: dataset.id,
      fileId: file.id,
      bytesTotal: file.size,
      createdById: actor.userId,
      // A dataset that already has a type imports as that type unless the user says otherwise.
      ...(dataset.type && !options.type && { mapping: { type: dataset.type, fields: options.mapping ?? {}, multiLabel: dataset.multiLabel } }),
    },
  });
  await enqueue("datasets.import", { importId: created.id, phase: "analyze" });

  const audit: AuditEntry = { action: "datasets.import.start", targetType: "dataset", targetId: dataset.id, changes: { importId: created.id, file: file.filename } };
  return { datasetImport: created, audit };
}

/** Applies the user's corrections (type, mapping, encoding, fixes...) and analyses the file again. */
export async function configureImport(db: Db, enqueue: Enqueue, actor: Actor, importId: string, options: ImportOptions) {
  const current = await getImport(db, actor, importId);
  if (current.status !== "review" && current.status !== "failed") throw notInState(current.status, "review");

  const updated = await db.datasetImport.update({
    where: { id: importId },
    data: { ...optionData(options, current.mapping), status: "queued", error: null, bytesDone: 0, rowsDone: 0 },
  });
  await enqueue("datasets.import", { importId, phase: "analyze" });

  const audit: AuditEntry = { action: "datasets.import.configure", targetType: "dataset", targetId: current.datasetId, changes: { importId, ...options } };
  return { datasetImport: updated, audit };
}

/** Writes the analysed rows into a new version. Refused while invalid rows remain and skipping is off. */
export async function commitImport(db: Db, enqueue: Enqueue, actor: Actor, importId: string) {
  const current = await getImport(db, actor, importId);
  if (current.status !== "review") throw notInState(current.status, "review");
  if (current.rowsInvalid > 0 && !current.skipInvalid) {
    throw new AppError("CONFLICT", `${current.rowsInvalid} rows are invalid: fix them or choose to skip invalid rows`, {
      reason: "datasets.import_has_invalid_rows",
      params: { count: current.rowsInvalid },
    });
  }
  if (current.rowsValid === 0) {
    throw new AppError("CONFLICT", "No valid rows to import: check the type and field mapping", { reason: "datasets.import_no_valid_rows" });
  }

  const updated = await db.datasetImport.update({
    where: { id: importId },
    data: { status: "importing", bytesDone: 0, rowsDone: 0, error: null, attempts: 0 },
  });
  await enqueue("datasets.import", { importId, phase: "commit" });

  const audit: AuditEntry = { action: "datasets.import.commit", targetType: "dataset", targetId: current.datasetId, changes: { importId } };
  return { datasetImport: updated, audit };
}

/**
 * Cancels an import. A running import stops at its next batch and removes the rows it wrote. A queued
 * import, or one waiting for review, is cancelled at once.
 */
export async function cancelImport(db: Db, actor: Actor, importId: string) {
  const current = await getImport(db, actor, importId);
  if (current.status === "completed" || current.status === "cancelled") throw notInState(current.status, "queued, analysing, in review or importing");

  const running = current.status === "analyzing" || current.status === "importing";
  const updated = await db.datasetImport.update({
    where: { id: importId },
    data: running ? { cancelRequested: true } : { status: "cancelled", cancelRequested: true },
  });
  const audit: AuditEntry = { action: "datasets.import.cancel", targetType: "dataset", targetId: current.datasetId, changes: { importId } };
  return { datasetImport: updated, audit };
}

export async function readImport(db: Db, actor: Actor, importId: string) {
  const found = await getImport(db, actor, importId);
  const file = await db.storedFile.findUnique({ where: { id: found.fileId } });
  return { ...found, file };
}

export async function listImports(db: Db, actor: Actor, datasetId: string) {
  await getDataset(db, actor, datasetId);
  return db.datasetImport.findMany({ where: { datasetId }, orderBy: { createdAt: "desc" }, take: 50 });
}

/**
 * Lists a page of an import's issues in line order. The analysis stores issues as it reads the file, so id
 * order is line order, and the id cursor never skips the remaining issues of a line split across pages.
 */
export async function listImportIssues(db: Db, actor: Actor, importId: string, options: { after?: number; limit: number; code?: string }) {
  await getImport(db, actor, importId);
  const issues = await db.datasetImportIssue.findMany({
    where: { importId, id: { gt: BigInt(options.after ?? 0) }, ...(options.code ? { code: options.code } : {}) },
    orderBy: { id: "asc" },
    take: options.limit + 1,
  });
  const page = issues.slice(0, options.limit);
  return {
    issues: page.map(({ id, importId: _importId, ...issue }) => ({ id: id.toString(), ...issue })),
    nextCursor: issues.length > options.limit ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
}
