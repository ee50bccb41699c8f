import { z } from "zod";
import { countRows, listRows } from "@/lib/datasets/rows-read";
import { rowFilterInput } from "@/lib/datasets/schemas";
import { diffVersions, getVersion, listVersions } from "@/lib/datasets/versions";
import { defineRoute } from "../route";
import { datasetPathParams } from "./datasets";
import { datasetVersionDetailResource, datasetVersionResource, rowPageResource, versionDiffResource } from "./datasets-schemas";
import { toRowView, toVersionDetailView, toVersionView } from "./datasets-views";

const TAG = "Datasets";

export const versionPathParams = z.object({ versionId: z.string().min(1).max(100).describe("Dataset version id") });

export const listVersionsRoute = defineRoute({
  method: "GET",
  path: "/datasets/{datasetId}/versions",
  operationId: "listDatasetVersions",
  summary: "List a dataset's versions",
  description: "Lists the draft first, when there is one, then the ready versions, newest first.",
  tag: TAG,
  permission: "console.read",
  params: datasetPathParams,
  response: z.array(datasetVersionResource),
  async handler({ actor, db, params }) {
    const versions = await listVersions(db, actor, params.datasetId);
    return { data: versions.map(toVersionView) };
  },
});

export const getVersionRoute = defineRoute({
  method: "GET",
  path: "/dataset-versions/{versionId}",
  operationId: "getDatasetVersion",
  summary: "Get a dataset version with its statistics",
  tag: TAG,
  permission: "console.read",
  params: versionPathParams,
  response: datasetVersionDetailResource,
  async handler({ actor, db, params }) {
    const { dataset: _dataset, ...version } = await getVersion(db, actor, params.versionId);
    return { data: toVersionDetailView(version) };
  },
});

const rowsQuery = rowFilterInput.extend({
  split: rowFilterInput.shape.split.describe("train, validation, test, or none for rows without a split"),
  label: rowFilterInput.shape.label.describe("Only rows with this label"),
  flag: rowFilterInput.shape.flag.describe("Only rows with this flag"),
  review: rowFilterInput.shape.review.describe("accepted, rejected, or unreviewed"),
  search: rowFilterInput.shape.search.describe("Case-insensitive substring of the row's text"),
  afterPosition: z.coerce
    .number({ error: "Expected a row position" })
    .int()
    .min(-1)
    .optional()
    .describe("Cursor: the nextPosition of the previous page. Unfiltered, afterPosition = n - 1 starts at row n"),
  limit: z.coerce.number({ error: "Expected a whole number from 1 to 1000" }).int().min(1).max(1000).default(200).describe("Page size, 1 to 1000"),
});

export const listRowsRoute = defineRoute({
  method: "GET",
  path: "/dataset-versions/{versionId}/rows",
  operationId: "listDatasetRows",
  summary: "List a version's rows",
  description:
    "Returns a page of rows in position order, filtered by split, label, flag, review or text. `total` counts the matching rows and is given only on the first page, so scrolling stays cheap.",
  tag: TAG,
  permission: "console.read",
  params: versionPathParams,
  query: rowsQuery,
  response: rowPageResource,
  async handler({ actor, db, params, query }) {
    const version = await getVersion(db, actor, params.versionId);
    const { afterPosition, limit, ...filter } = query;
    const page = await listRows(db, version.id, { filter, afterPosition, limit });
    const total = afterPosition === undefined ? await countRows(db, version.id, filter) : null;
    return { data: { rows: page.rows.map(toRowView), nextPosition: page.nextPosition, total } };
  },
});

export const diffVersionRoute = defineRoute({
  method: "GET",
  path: "/dataset-versions/{versionId}/diff",
  operationId: "diffDatasetVersions",
  summary: "Compare a version with another",
  description:
    "Counts the rows added, removed and changed from `against` to this version, matching rows by row key, with up to 50 examples. Both versions must belong to the same dataset.",
  tag: TAG,
  permission: "console.read",
  params: versionPathParams,
  query: z.object({ against: z.string().min(1).max(100).describe("Id of the older version to compare with") }),
  response: versionDiffResource,
  async handler({ actor, db, params, query }) {
    return { data: await diffVersions(db, actor, query.against, params.versionId) };
  },
});
