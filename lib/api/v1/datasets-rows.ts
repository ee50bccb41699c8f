import { z } from "zod";
import { discardDraft, editRow, openDraft, rowHistory } from "@/lib/datasets/drafts";
import { editRowInput } from "@/lib/datasets/schemas";
import { defineRoute } from "../route";
import { datasetPathParams } from "./datasets";
import { datasetRowResource, datasetVersionResource, rowChangeResource } from "./datasets-schemas";
import { toRowView, toVersionView } from "./datasets-views";

const TAG = "Datasets";

const rowPathParams = datasetPathParams.extend({ rowKey: z.string().min(1).max(100).describe("The row's key, stable across versions") });

export const openDraftRoute = defineRoute({
  method: "POST",
  path: "/datasets/{datasetId}/draft",
  operationId: "openDatasetDraft",
  summary: "Open the dataset's draft",
  description: "Returns the dataset's draft, first copying the newest ready version into a new one when there is none. A dataset has at most one draft.",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  response: z
    .object({ draft: datasetVersionResource, created: z.boolean().describe("False when the draft already existed") })
    .meta({ id: "OpenedDatasetDraft", description: "The dataset's draft" }),
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { draft, created } = await openDraft(db, actor, params.datasetId);
    const audit = created ? { action: "datasets.draft.open", targetType: "dataset", targetId: params.datasetId, changes: { draftId: draft.id } } : null;
    return { data: { draft: toVersionView(draft), created }, audit };
  },
});

export const discardDraftRoute = defineRoute({
  method: "DELETE",
  path: "/datasets/{datasetId}/draft",
  operationId: "discardDatasetDraft",
  summary: "Discard the dataset's draft",
  description: "Deletes the draft with all its unsaved row changes. Ready versions are unaffected.",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  response: z.object({ discarded: z.literal(true) }).meta({ id: "DiscardedDatasetDraft", description: "Confirms the draft is gone" }),
  async handler({ actor, db, params }) {
    const { audit } = await discardDraft(db, actor, params.datasetId);
    return { data: { discarded: true as const }, audit };
  },
});

export const editRowRoute = defineRoute({
  method: "PATCH",
  path: "/datasets/{datasetId}/rows/{rowKey}",
  operationId: "editDatasetRow",
  summary: "Edit or label a row in the draft",
  description:
    "Changes a row's data, labels, split, review verdict or note in the dataset's draft, opening the draft first when there is none. The content is validated as the dataset's type, and each changed field is recorded in the row's history.",
  tag: TAG,
  permission: "datasets.write",
  params: rowPathParams,
  body: editRowInput
    .strict()
    .refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one of data, labels, split, review or note"),
  response: z
    .object({ row: datasetRowResource, draftId: z.string().describe("The draft version that holds the edit") })
    .meta({ id: "EditedDatasetRow", description: "The row as stored in the draft after the edit" }),
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { row, draftId, audit } = await editRow(db, actor, params.datasetId, params.rowKey, body);
    return { data: { row: toRowView(row), draftId }, audit };
  },
});

export const rowHistoryRoute = defineRoute({
  method: "GET",
  path: "/datasets/{datasetId}/rows/{rowKey}/history",
  operationId: "getDatasetRowHistory",
  summary: "List a row's changes",
  description: "Lists the 200 newest recorded changes of the row across all versions of the dataset, newest first.",
  tag: TAG,
  permission: "console.read",
  params: rowPathParams,
  response: z.array(rowChangeResource),
  async handler({ actor, db, params }) {
    return { data: await rowHistory(db, actor, params.datasetId, params.rowKey) };
  },
});
