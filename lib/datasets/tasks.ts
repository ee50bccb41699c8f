import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { getDataset } from "./datasets";
import { findDraft } from "./drafts";
import { getVersion } from "./versions";

export const TASK_KINDS = ["clean_preview", "clean", "split", "export", "save_draft"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Kinds that write a new version; only one of them may run per dataset at a time. */
const WRITING_KINDS: TaskKind[] = ["clean", "split", "save_draft"];

/** Queues an operation on a ready version (or, for save_draft, on the dataset's draft). */
export async function createTask(
  db: Db,
  enqueue: Enqueue,
  actor: Actor,
  input: { datasetId: string; versionId?: string; kind: TaskKind; params?: Record<string, unknown>; message?: string },
) {
  const dataset = await getDataset(db, actor, input.datasetId);

  let versionId: string;
  if (input.kind === "save_draft") {
    const draft = await findDraft(db, dataset.id);
    if (!draft) throw new AppError("NOT_FOUND", "This dataset has no draft to save", { reason: "datasets.no_draft" });
    versionId = draft.id;
  } else {
    if (!input.versionId) throw new AppError("INVALID_INPUT", "Name the version to work on", { fieldErrors: { versionId: ["Required"] } });
    const version = await getVersion(db, actor, input.versionId, { allowDraft: false });
    if (version.datasetId !== dataset.id) throw new AppError("NOT_FOUND", "No such version in this dataset", { reason: "datasets.version_not_found" });
    versionId = version.id;
  }

  if (WRITING_KINDS.includes(input.kind)) {
    const busy = await db.datasetTask.findFirst({ where: { datasetId: dataset.id, kind: { in: WRITING_KINDS }, status: { in: ["queued", "running"] } } });
    if (busy) {
      throw new AppError("CONFLICT", "Another operation is writing a version of this dataset; wait for it to finish", {
        reason: "datasets.task_running",
        params: { kind: busy.kind },
      });
    }
  }

  const params = { ...(input.params ?? {}), ...(input.message ? { message: input.message } : {}) };
  const task = await db.datasetTask.create({
    data: { datasetId: dataset.id, versionId, kind: input.kind, params: params as Prisma.InputJsonValue, createdById: actor.userId },
  });
  await enqueue("datasets.task", { taskId: task.id });

  const audit: AuditEntry | null =
    input.kind === "clean_preview" ? null : { action: `datasets.${input.kind}`, targetType: "dataset", targetId: dataset.id, changes: { taskId: task.id, versionId, ...params } };
  return { task, audit };
}

export async function readTask(db: Db, actor: Actor, taskId: string) {
  const task = await db.datasetTask.findFirst({ where: { id: taskId, dataset: { workspaceId: actor.workspaceId } } });
  if (!task) throw new AppError("NOT_FOUND", "No such dataset task in this workspace", { reason: "datasets.task_not_found" });
  return task;
}

export async function listTasks(db: Db, actor: Actor, datasetId: string) {
  await getDataset(db, actor, datasetId);
  return db.datasetTask.findMany({ where: { datasetId }, orderBy: { createdAt: "desc" }, take: 50 });
}
