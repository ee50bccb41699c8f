import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { cleanConfigInput, exportInput, splitConfigInput } from "@/lib/datasets/schemas";
import { createTask, listTasks, readTask, type TaskKind } from "@/lib/datasets/tasks";
import { getVersion } from "@/lib/datasets/versions";
import type { Db } from "@/lib/db/client";
import type { Enqueue } from "@/lib/queue/producer";
import { defineRoute } from "../route";
import { datasetPathParams } from "./datasets";
import { datasetTaskResource } from "./datasets-schemas";
import { toTaskView } from "./datasets-views";
import { versionPathParams } from "./datasets-versions";

const TAG = "Datasets";

export const taskPathParams = z.object({ taskId: z.string().min(1).max(100).describe("Dataset task id") });
const messageInput = z.object({ message: z.string().trim().max(500).optional().describe("Note stored on the new version") });

/** Queues a task on a ready version of the caller's workspace. */
async function queueVersionTask(
  context: { db: Db; enqueue: Enqueue; actor: Actor; versionId: string },
  kind: TaskKind,
  input: Record<string, unknown> & { message?: string },
) {
  const version = await getVersion(context.db, context.actor, context.versionId, { allowDraft: false });
  const { message, ...params } = input;
  const { task, audit } = await createTask(context.db, context.enqueue, context.actor, {
    datasetId: version.datasetId,
    versionId: version.id,
    kind,
    params,
    ...(message ? { message } : {}),
  });
  return { data: toTaskView(task), audit };
}

export const previewCleanRoute = defineRoute({
  method: "POST",
  path: "/dataset-versions/{versionId}/clean-preview",
  operationId: "previewDatasetClean",
  summary: "Preview cleaning a version",
  description:
    "Queues a dry run of the cleaning rules. When the task completes, its result holds a summary and up to 500 affected rows. Writes no version.",
  tag: TAG,
  permission: "datasets.write",
  params: versionPathParams,
  body: cleanConfigInput.strict(),
  response: datasetTaskResource,
  successStatus: 201,
  async handler({ actor, db, enqueue, params, body }) {
    return queueVersionTask({ db, enqueue, actor, versionId: params.versionId }, "clean_preview", body);
  },
});

export const cleanVersionRoute = defineRoute({
  method: "POST",
  path: "/dataset-versions/{versionId}/clean",
  operationId: "cleanDatasetVersion",
  summary: "Clean a version into a new version",
  description: "Queues cleaning (deduplication, empty and length filters, normalization, PII scrubbing) into a new version.",
  tag: TAG,
  permission: "datasets.write",
  params: versionPathParams,
  body: cleanConfigInput.extend(messageInput.shape).strict(),
  response: datasetTaskResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params, body }) {
    return queueVersionTask({ db, enqueue, actor, versionId: params.versionId }, "clean", body);
  },
});

export const splitVersionRoute = defineRoute({
  method: "POST",
  path: "/dataset-versions/{versionId}/split",
  operationId: "splitDatasetVersion",
  summary: "Assign train, validation and test splits",
  description: "Queues writing a new version whose rows carry the splits, drawn with the given ratios and seed (stratified by label on request).",
  tag: TAG,
  permission: "datasets.write",
  params: versionPathParams,
  body: splitConfigInput.and(messageInput),
  response: datasetTaskResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params, body }) {
    return queueVersionTask({ db, enqueue, actor, versionId: params.versionId }, "split", body);
  },
});

export const exportVersionRoute = defineRoute({
  method: "POST",
  path: "/dataset-versions/{versionId}/exports",
  operationId: "exportDatasetVersion",
  summary: "Export a version to a file",
  description: "Queues writing the version (or some of its splits) as OpenAI, Alpaca or ShareGPT JSONL, or as CSV. Download the file from the completed task.",
  tag: TAG,
  permission: "datasets.write",
  params: versionPathParams,
  body: exportInput.strict(),
  response: datasetTaskResource,
  successStatus: 201,
  async handler({ actor, db, enqueue, params, body }) {
    return queueVersionTask({ db, enqueue, actor, versionId: params.versionId }, "export", body);
  },
});

export const saveDraftRoute = defineRoute({
  method: "POST",
  path: "/datasets/{datasetId}/draft/save",
  operationId: "saveDatasetDraft",
  summary: "Save the draft as a new version",
  description: "Queues turning the dataset's draft into its next ready version.",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  body: messageInput.strict(),
  response: datasetTaskResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params, body }) {
    const { task, audit } = await createTask(db, enqueue, actor, {
      datasetId: params.datasetId,
      kind: "save_draft",
      ...(body.message ? { message: body.message } : {}),
    });
    return { data: toTaskView(task), audit };
  },
});

export const listTasksRoute = defineRoute({
  method: "GET",
  path: "/datasets/{datasetId}/tasks",
  operationId: "listDatasetTasks",
  summary: "List a dataset's tasks",
  description: "Lists the 50 newest clean, split, export and save tasks of the dataset, newest first.",
  tag: TAG,
  permission: "console.read",
  params: datasetPathParams,
  response: z.array(datasetTaskResource),
  async handler({ actor, db, params }) {
    const tasks = await listTasks(db, actor, params.datasetId);
    return { data: tasks.map(toTaskView) };
  },
});

export const getTaskRoute = defineRoute({
  method: "GET",
  path: "/dataset-tasks/{taskId}",
  operationId: "getDatasetTask",
  summary: "Get a dataset task",
  description: "Returns the task's status, progress (0 to 1) and, once completed, its result.",
  tag: TAG,
  permission: "console.read",
  params: taskPathParams,
  response: datasetTaskResource,
  async handler({ actor, db, params }) {
    return { data: toTaskView(await readTask(db, actor, params.taskId)) };
  },
});
