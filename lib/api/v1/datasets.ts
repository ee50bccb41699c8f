import { z } from "zod";
import { createDataset, getDataset, listDatasets, setDatasetArchived, updateDataset } from "@/lib/datasets/datasets";
import { draftChangeCount, findDraft } from "@/lib/datasets/drafts";
import { createDatasetInput, updateDatasetInput } from "@/lib/datasets/schemas";
import { defineRoute } from "../route";
import { datasetDetailResource, datasetResource, datasetSummaryResource } from "./datasets-schemas";
import { toDatasetView, toVersionDetailView, toVersionView } from "./datasets-views";

const TAG = "Datasets";

export const datasetPathParams = z.object({ datasetId: z.string().min(1).max(100).describe("Dataset id") });

const listQuery = z.object({
  includeArchived: z
    .enum(["true", "false"], { error: "Expected true or false" })
    .default("false")
    .transform((value) => value === "true")
    .describe("Also list archived datasets"),
});

export const listDatasetsRoute = defineRoute({
  method: "GET",
  path: "/datasets",
  operationId: "listDatasets",
  summary: "List datasets",
  description: "Lists the workspace's datasets with their newest ready version, most recently updated first.",
  tag: TAG,
  permission: "console.read",
  query: listQuery,
  response: z.array(datasetSummaryResource),
  async handler({ actor, db, query }) {
    const datasets = await listDatasets(db, actor, { includeArchived: query.includeArchived });
    const data = datasets.map(({ latestVersion, versionCount, ...dataset }) => ({
      ...toDatasetView(dataset),
      latestVersion: latestVersion ? toVersionView(latestVersion) : null,
      versionCount,
    }));
    return { data };
  },
});

export const createDatasetRoute = defineRoute({
  method: "POST",
  path: "/datasets",
  operationId: "createDataset",
  summary: "Create a dataset",
  description: "Creates an empty dataset. Its type is set by the first import that completes.",
  tag: TAG,
  permission: "datasets.write",
  body: createDatasetInput.strict(),
  response: datasetResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { dataset, audit } = await createDataset(db, actor, body);
    return { data: toDatasetView(dataset), audit };
  },
});

export const getDatasetRoute = defineRoute({
  method: "GET",
  path: "/datasets/{datasetId}",
  operationId: "getDataset",
  summary: "Get a dataset",
  description: "Returns the dataset with its newest ready version (and that version's statistics) and its draft, if any.",
  tag: TAG,
  permission: "console.read",
  params: datasetPathParams,
  response: datasetDetailResource,
  async handler({ actor, db, params }) {
    const dataset = await getDataset(db, actor, params.datasetId);
    const latest = await db.datasetVersion.findFirst({ where: { datasetId: dataset.id, status: "ready" }, orderBy: { number: "desc" } });
    const draft = await findDraft(db, dataset.id);
    return {
      data: {
        ...toDatasetView(dataset),
        latestVersion: latest ? toVersionDetailView(latest) : null,
        draft: draft ? { ...toVersionView(draft), changeCount: await draftChangeCount(db, draft.id) } : null,
      },
    };
  },
});

export const updateDatasetRoute = defineRoute({
  method: "PATCH",
  path: "/datasets/{datasetId}",
  operationId: "updateDataset",
  summary: "Change a dataset's settings",
  description: "Changes the name, description, label set, multi-label flag or token limit. Existing versions keep their rows.",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  body: updateDatasetInput
    .strict()
    .refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  response: datasetResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { dataset, audit } = await updateDataset(db, actor, params.datasetId, body);
    return { data: toDatasetView(dataset), audit };
  },
});

export const archiveDatasetRoute = defineRoute({
  method: "POST",
  path: "/datasets/{datasetId}/archive",
  operationId: "archiveDataset",
  summary: "Archive a dataset",
  description: "Hides the dataset from the default list. Its versions stay readable, and restoring it shows it again.",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  response: datasetResource,
  async handler({ actor, db, params }) {
    const { dataset, audit } = await setDatasetArchived(db, actor, params.datasetId, true);
    return { data: toDatasetView(dataset), audit };
  },
});

export const restoreDatasetRoute = defineRoute({
  method: "POST",
  path: "/datasets/{datasetId}/restore",
  operationId: "restoreDataset",
  summary: "Restore an archived dataset",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  response: datasetResource,
  async handler({ actor, db, params }) {
    const { dataset, audit } = await setDatasetArchived(db, actor, params.datasetId, false);
    return { data: toDatasetView(dataset), audit };
  },
});
