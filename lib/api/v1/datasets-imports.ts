import { z } from "zod";
import { cancelImport, commitImport, configureImport, createImport, listImportIssues, listImports, readImport } from "@/lib/datasets/imports";
import { configureImportInput } from "@/lib/datasets/schemas";
import { defineRoute } from "../route";
import { datasetPathParams } from "./datasets";
import { datasetImportDetailResource, datasetImportResource, importIssueResource } from "./datasets-schemas";
import { toImportDetailView, toImportView } from "./datasets-views";

const TAG = "Datasets";

const importPathParams = z.object({ importId: z.string().min(1).max(100).describe("Import id") });

export const createImportRoute = defineRoute({
  method: "POST",
  path: "/datasets/{datasetId}/imports",
  operationId: "createDatasetImport",
  summary: "Start importing an uploaded file",
  description:
    "Queues an analysis of the file: format, encoding, dataset type and field mapping are detected and every row is validated. Nothing is written to the dataset until the import is committed. Poll the import until its status is review.",
  tag: TAG,
  permission: "datasets.write",
  params: datasetPathParams,
  body: configureImportInput.extend({ fileId: z.string().min(1).max(100).describe("Id of an uploaded file") }).strict(),
  response: datasetImportResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params, body }) {
    const { fileId, ...options } = body;
    const { datasetImport, audit } = await createImport(db, enqueue, actor, params.datasetId, fileId, options);
    return { data: toImportView(datasetImport), audit };
  },
});

export const listImportsRoute = defineRoute({
  method: "GET",
  path: "/datasets/{datasetId}/imports",
  operationId: "listDatasetImports",
  summary: "List a dataset's imports",
  description: "Lists the 50 newest imports of the dataset, newest first.",
  tag: TAG,
  permission: "console.read",
  params: datasetPathParams,
  response: z.array(datasetImportResource),
  async handler({ actor, db, params }) {
    const imports = await listImports(db, actor, params.datasetId);
    return { data: imports.map(toImportView) };
  },
});

export const getImportRoute = defineRoute({
  method: "GET",
  path: "/dataset-imports/{importId}",
  operationId: "getDatasetImport",
  summary: "Get an import",
  description: "Returns the import with its progress, its analysis report and its uploaded file.",
  tag: TAG,
  permission: "console.read",
  params: importPathParams,
  response: datasetImportDetailResource,
  async handler({ actor, db, params }) {
    return { data: toImportDetailView(await readImport(db, actor, params.importId)) };
  },
});

export const configureImportRoute = defineRoute({
  method: "PATCH",
  path: "/dataset-imports/{importId}",
  operationId: "configureDatasetImport",
  summary: "Correct an import's settings and analyse it again",
  description:
    "Changes the format, encoding, sheet, type, field mapping, invalid-row handling, mode, token limit or line fixes of an import in review (or one that failed), then queues a new analysis. Fields left out keep their value.",
  tag: TAG,
  permission: "datasets.write",
  params: importPathParams,
  body: configureImportInput
    .strict()
    .refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one setting to change"),
  response: datasetImportResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params, body }) {
    const { datasetImport, audit } = await configureImport(db, enqueue, actor, params.importId, body);
    return { data: toImportView(datasetImport), audit };
  },
});

export const commitImportRoute = defineRoute({
  method: "POST",
  path: "/dataset-imports/{importId}/commit",
  operationId: "commitDatasetImport",
  summary: "Write an analysed import into a new version",
  description:
    "Queues writing the valid rows into a new dataset version. Rejected with reason datasets.import_has_invalid_rows while invalid rows remain and skipInvalid is false.",
  tag: TAG,
  permission: "datasets.write",
  params: importPathParams,
  response: datasetImportResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params }) {
    const { datasetImport, audit } = await commitImport(db, enqueue, actor, params.importId);
    return { data: toImportView(datasetImport), audit };
  },
});

export const cancelImportRoute = defineRoute({
  method: "POST",
  path: "/dataset-imports/{importId}/cancel",
  operationId: "cancelDatasetImport",
  summary: "Cancel an import",
  description: "Stops the import. A running one stops at its next batch and removes the rows it wrote.",
  tag: TAG,
  permission: "datasets.write",
  params: importPathParams,
  response: datasetImportResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { datasetImport, audit } = await cancelImport(db, actor, params.importId);
    return { data: toImportView(datasetImport), audit };
  },
});

const issuesQuery = z.object({
  after: z.coerce
    .number({ error: "Expected the nextCursor of the previous page" })
    .int()
    .min(0)
    .optional()
    .describe("Cursor: the nextCursor of the previous page"),
  limit: z.coerce.number({ error: "Expected a whole number from 1 to 500" }).int().min(1).max(500).default(100).describe("Page size, 1 to 500"),
  code: z.string().max(50).optional().describe("Only issues with this code, such as malformed_json"),
});

export const listImportIssuesRoute = defineRoute({
  method: "GET",
  path: "/dataset-imports/{importId}/issues",
  operationId: "listDatasetImportIssues",
  summary: "List an import's row issues",
  description: "Lists the problems the analysis found, in line order. At most 10,000 are stored per import; the report counts all of them.",
  tag: TAG,
  permission: "console.read",
  params: importPathParams,
  query: issuesQuery,
  response: z.array(importIssueResource),
  paginated: true,
  cursorParameter: "after",
  async handler({ actor, db, params, query }) {
    const { issues, nextCursor } = await listImportIssues(db, actor, params.importId, query);
    return { data: issues, nextCursor };
  },
});
