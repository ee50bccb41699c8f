import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { createDatasetInput, updateDatasetInput } from "./schemas";

export type DatasetSummary = Awaited<ReturnType<typeof listDatasets>>[number];

/** Datasets of the actor's workspace with their latest ready version, newest first. */
export async function listDatasets(db: Db, actor: Actor, options: { includeArchived?: boolean } = {}) {
  const datasets = await db.dataset.findMany({
    where: { workspaceId: actor.workspaceId, ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { updatedAt: "desc" },
    include: {
      versions: { where: { status: "ready" }, orderBy: { number: "desc" }, take: 1 },
      _count: { select: { versions: { where: { status: "ready" } } } },
    },
  });
  return datasets.map(({ versions, _count, ...dataset }) => ({
    ...dataset,
    latestVersion: versions[0] ?? null,
    versionCount: _count.versions,
  }));
}

/** Loads a dataset of the actor's workspace. Other workspaces' datasets raise NOT_FOUND, not FORBIDDEN, so their ids reveal nothing. */
export async function getDataset(db: Db, actor: Actor, datasetId: string) {
  const dataset = await db.dataset.findFirst({ where: { id: datasetId, workspaceId: actor.workspaceId } });
  if (!dataset) throw new AppError("NOT_FOUND", "No such dataset in this workspace", { reason: "datasets.not_found" });
  return dataset;
}

async function assertNameFree(db: Db, actor: Actor, name: string, exceptId?: string) {
  const existing = await db.dataset.findFirst({ where: { workspaceId: actor.workspaceId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) } });
  if (existing) {
    throw new AppError("CONFLICT", `A dataset named "${name}" already exists; choose another name`, {
      reason: "datasets.name_taken",
      params: { name },
      fieldErrors: { name: ["A dataset with this name already exists"] },
    });
  }
}

export async function createDataset(db: Db, actor: Actor, input: z.output<typeof createDatasetInput>) {
  await assertNameFree(db, actor, input.name);
  const dataset = await db.dataset.create({
    data: { ...input, workspaceId: actor.workspaceId, createdById: actor.userId },
  });
  const audit: AuditEntry = { action: "datasets.create", targetType: "dataset", targetId: dataset.id, changes: { name: input.name } };
  return { dataset, audit };
}

export async function updateDataset(db: Db, actor: Actor, datasetId: string, input: z.output<typeof updateDatasetInput>) {
  const before = await getDataset(db, actor, datasetId);
  if (input.name && input.name !== before.name) await assertNameFree(db, actor, input.name, datasetId);
  const dataset = await db.dataset.update({ where: { id: datasetId }, data: input });
  const audit: AuditEntry = { action: "datasets.update", targetType: "dataset", targetId: datasetId, changes: diffFields(before, input) };
  return { dataset, audit };
}

/** Archiving hides a dataset from lists; its versions stay readable for the jobs that recorded them. */
export async function setDatasetArchived(db: Db, actor: Actor, datasetId: string, archived: boolean) {
  await getDataset(db, actor, datasetId);
  const dataset = await db.dataset.update({ where: { id: datasetId }, data: { archivedAt: archived ? new Date() : null } });
  const audit: AuditEntry = { action: archived ? "datasets.archive" : "datasets.restore", targetType: "dataset", targetId: datasetId };
  return { dataset, audit };
}
