import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { getDataset } from "./datasets";
import { CANONICAL_FIELDS, type CanonicalRow, type DatasetType, type Review, type RowData, type Split } from "./model";
import { hashRow } from "./row-hash";
import { findRow } from "./rows-read";
import { copyRows } from "./rows-write";
import type { editRowInput } from "./schemas";
import { normalizeRecord } from "./validate";

/**
 * Row edits and labels go to a draft: a mutable copy of the newest ready version. Saving the draft makes
 * it the next immutable version; discarding it deletes it. A dataset has at most one draft.
 */
export async function findDraft(db: Db, datasetId: string) {
  return db.datasetVersion.findFirst({ where: { datasetId, status: "draft" } });
}

export async function openDraft(db: Db, actor: Actor, datasetId: string) {
  const dataset = await getDataset(db, actor, datasetId);
  const existing = await findDraft(db, datasetId);
  if (existing) return { draft: existing, dataset, created: false };

  const base = await db.datasetVersion.findFirst({ where: { datasetId, status: "ready" }, orderBy: { number: "desc" } });
  if (!base) throw new AppError("CONFLICT", "The dataset has no version yet: import a file first", { reason: "datasets.no_version" });

  const draft = await db.datasetVersion.create({
    data: {
      datasetId,
      parentId: base.id,
      operation: "edit",
      status: "draft",
      rowCount: base.rowCount,
      createdById: actor.userId,
      operationParams: { baseVersion: base.number } as Prisma.InputJsonValue,
    },
  });
  await copyRows(db, base.id, draft.id);
  return { draft, dataset, created: true };
}

/** Validates edited row content as the dataset's type, through the same normalizer imports use. */
function normalizeEdit(type: DatasetType, multiLabel: boolean, labelSet: string[], data: RowData, labels: string[]) {
  const fields: Record<string, unknown> = { ...data, ...(type === "classification" ? { label: multiLabel ? labels : labels[0] } : {}) };
  const mapping = Object.fromEntries(CANONICAL_FIELDS[type].map((field) => [field, field]));
  const result = normalizeRecord(fields, { type, mapping, labelSet, multiLabel, tokenLimit: null });
  if (!result.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of result.issues) (fieldErrors[issue.field || "data"] ??= []).push(issue.code);
    throw new AppError("INVALID_INPUT", `The edited row is invalid: ${result.issues.map((issue) => `${issue.field} ${issue.code}`).join(", ")}`, {
      reason: "datasets.row_invalid",
      params: { issues: result.issues.map((issue) => issue.code).join(",") },
      fieldErrors,
    });
  }
  return result.row;
}

/** Edits or labels one row of the dataset's draft, opening the draft when none exists, and records each change. */
export async function editRow(db: Db, actor: Actor, datasetId: string, rowKey: string, input: z.output<typeof editRowInput>) {
  const { draft, dataset, created } = await openDraft(db, actor, datasetId);
  // A refused edit must not leave behind a draft that it opened.
  const dropNewDraft = async () => {
    if (created) await db.datasetVersion.delete({ where: { id: draft.id } });
  };
  if (!dataset.type) throw new AppError("CONFLICT", "The dataset has no type yet", { reason: "datasets.no_version" });
  const row = await findRow(db, draft.id, rowKey);
  if (!row) {
    await dropNewDraft();
    throw new AppError("NOT_FOUND", "No such row in this dataset's draft", { reason: "datasets.row_not_found" });
  }

  const labels = input.labels ?? row.labels;
  const changesContent = input.data !== undefined || input.labels !== undefined;
  let normalized: ReturnType<typeof normalizeEdit> | null = null;
  try {
    normalized = changesContent ? normalizeEdit(dataset.type, dataset.multiLabel, dataset.labelSet, (input.data ?? row.data) as RowData, labels) : null;
  } catch (error) {
    await dropNewDraft();
    throw error;
  }

  const next: CanonicalRow = {
    data: normalized?.data ?? row.data,
    labels: normalized ? normalized.labels : labels,
    split: input.split !== undefined ? (input.split as Split | null) : row.split,
    review: input.review !== undefined ? (input.review as Review | null) : row.review,
    note: input.note ?? row.note,
  };
  const before: Record<string, unknown> = { data: row.data, labels: row.labels, split: row.split, review: row.review, note: row.note };
  const changed = (Object.keys(next) as (keyof CanonicalRow)[]).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(next[field]));
  if (changed.length === 0) return { row: { ...row, ...next }, audit: null, draftId: draft.id };

  const hash = hashRow(next);
  await db.$executeRawUnsafe(
    `UPDATE "DatasetRow" SET data = $3::jsonb, labels = $4::text[], split = $5, review = $6, note = $7, hash = $8,
            tokens = coalesce($9, tokens)
     WHERE "versionId" = $1 AND "rowKey" = $2`,
    draft.id,
    rowKey,
    JSON.stringify(next.data),
    next.labels,
    next.split,
    next.review,
    next.note,
    hash,
    normalized?.tokens ?? null,
  );
  await db.datasetRowChange.createMany({
    data: changed.map((field) => ({
      datasetId,
      versionId: draft.id,
      rowKey,
      actorId: actor.userId,
      actorEmail: actor.email,
      field,
      before: (before[field] ?? null) as Prisma.InputJsonValue,
      after: (next[field] ?? null) as Prisma.InputJsonValue,
    })),
  });

  const audit: AuditEntry = { action: "datasets.row.edit", targetType: "dataset", targetId: datasetId, changes: { rowKey, fields: changed } };
  return { row: { ...row, ...next, hash }, audit, draftId: draft.id };
}

export async function discardDraft(db: Db, actor: Actor, datasetId: string) {
  await getDataset(db, actor, datasetId);
  const draft = await findDraft(db, datasetId);
  if (!draft) throw new AppError("NOT_FOUND", "This dataset has no draft", { reason: "datasets.no_draft" });
  await db.datasetRowChange.deleteMany({ where: { versionId: draft.id } });
  await db.datasetVersion.delete({ where: { id: draft.id } });
  const audit: AuditEntry = { action: "datasets.draft.discard", targetType: "dataset", targetId: datasetId };
  return { audit };
}

/** Lists who changed a row and how, newest first, across all versions of the dataset. */
export async function rowHistory(db: Db, actor: Actor, datasetId: string, rowKey: string) {
  await getDataset(db, actor, datasetId);
  const changes = await db.datasetRowChange.findMany({ where: { datasetId, rowKey }, orderBy: { createdAt: "desc" }, take: 200 });
  return changes.map(({ id, ...change }) => ({ id: id.toString(), ...change }));
}

/** Counts the changes a draft holds, for the "unsaved changes" banner. */
export async function draftChangeCount(db: Db, draftId: string): Promise<number> {
  return db.datasetRowChange.count({ where: { versionId: draftId } });
}
