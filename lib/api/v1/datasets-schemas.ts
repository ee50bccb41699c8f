import { z } from "zod";
import { DATASET_TYPES, REVIEWS, SPLITS } from "@/lib/datasets/model";
import { TASK_KINDS } from "@/lib/datasets/tasks";
import { DatasetImportStatus, DatasetVersionStatus } from "@/lib/db/generated/enums";

/*
 * Wire shapes of the datasets API: dates are ISO 8601 strings and byte counts are numbers. Each schema
 * with an `id` becomes a component of the OpenAPI document, and the tests parse real responses with them.
 */

const dateTime = z.iso.datetime();
const jsonObject = z.record(z.string(), z.unknown());
const count = z.number().int().min(0);

export const TASK_STATUSES = ["queued", "running", "completed", "failed"] as const;

export const datasetFileResource = z
  .object({
    id: z.string(),
    filename: z.string().describe("Base name of the uploaded file, without folders"),
    size: count.describe("Bytes"),
    sha256: z.string().describe("Hex SHA-256 of the file's bytes"),
    contentType: z.string(),
    createdAt: dateTime,
  })
  .meta({ id: "DatasetFile", description: "A stored upload or export file" });

export const duplicateVersionResource = z
  .object({
    datasetId: z.string(),
    datasetName: z.string(),
    versionId: z.string(),
    versionNumber: z.number().int().nullable(),
  })
  .meta({ id: "DatasetDuplicateVersion", description: "The newest ready version imported from a file with the same bytes" });

export const datasetUploadResource = z
  .object({
    file: datasetFileResource,
    duplicateOf: duplicateVersionResource.nullable().describe("Set when a file with the same bytes was already imported"),
  })
  .meta({ id: "DatasetUpload", description: "A stored upload, ready to import" });

export const datasetVersionResource = z
  .object({
    id: z.string(),
    datasetId: z.string(),
    number: z.number().int().nullable().describe("1, 2, 3... in the order versions became ready; null for a draft"),
    parentId: z.string().nullable().describe("The version this one was derived from"),
    operation: z.string().describe("What produced it: import, clean, split or edit"),
    operationParams: jsonObject.describe("Settings of that operation"),
    status: z.enum(DatasetVersionStatus),
    rowCount: count,
    contentHash: z.string().nullable().describe("SHA-256 over the rows' hashes in order; equal hashes mean equal content"),
    message: z.string(),
    sourceFileId: z.string().nullable(),
    error: z.string().nullable(),
    createdById: z.string().nullable(),
    createdAt: dateTime,
    readyAt: dateTime.nullable(),
  })
  .meta({ id: "DatasetVersion", description: "An immutable snapshot of a dataset's rows, or the dataset's mutable draft" });

export const datasetVersionDetailResource = datasetVersionResource
  .extend({
    stats: jsonObject
      .nullable()
      .describe("Row, split, label, token, language, duplicate and review statistics; null until the version is ready"),
  })
  .meta({ id: "DatasetVersionWithStats", description: "A dataset version with its statistics" });

export const draftResource = datasetVersionResource
  .extend({ changeCount: count.describe("Row changes recorded in the draft and not yet saved") })
  .meta({ id: "DatasetDraft", description: "The dataset's draft with its unsaved change count" });

const datasetFields = {
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(DATASET_TYPES).nullable().describe("Set by the first completed import"),
  labelSet: z.array(z.string()).describe("Allowed labels of classification rows; empty accepts any label"),
  multiLabel: z.boolean(),
  tokenLimit: z.number().int().nullable().describe("Rows over this many tokens are invalid on import; null means no limit"),
  createdById: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  archivedAt: dateTime.nullable(),
};

export const datasetResource = z.object(datasetFields).meta({ id: "Dataset", description: "A dataset of the workspace" });

export const datasetSummaryResource = z
  .object({ ...datasetFields, latestVersion: datasetVersionResource.nullable(), versionCount: count })
  .meta({ id: "DatasetSummary", description: "A dataset with its newest ready version" });

export const datasetDetailResource = z
  .object({ ...datasetFields, latestVersion: datasetVersionDetailResource.nullable(), draft: draftResource.nullable() })
  .meta({ id: "DatasetDetail", description: "A dataset with its newest ready version and its draft" });

const importMappingResource = z
  .object({
    type: z.enum(DATASET_TYPES),
    fields: z.record(z.string(), z.string()).describe("Canonical field name to source field name"),
    multiLabel: z.boolean(),
  })
  .meta({ id: "DatasetImportMapping", description: "The dataset type and field mapping an import uses" });

const importFields = {
  id: z.string(),
  datasetId: z.string(),
  fileId: z.string(),
  status: z.enum(DatasetImportStatus),
  format: z.string().nullable().describe("jsonl, json, csv, tsv or xlsx; detected unless chosen"),
  encoding: z.string().nullable(),
  sheet: z.string().nullable(),
  detectedType: z.enum(DATASET_TYPES).nullable(),
  mapping: importMappingResource.nullable(),
  fixes: z.record(z.string(), jsonObject).describe("Corrected source records by line number"),
  skipInvalid: z.boolean(),
  mode: z.enum(["replace", "append"]),
  tokenLimit: z.number().int().nullable(),
  report: jsonObject.nullable().describe("The analysis: file info, detection, issue counts, labels and a preview"),
  bytesTotal: count,
  bytesDone: count,
  rowsDone: count,
  rowsValid: count,
  rowsInvalid: count,
  cancelRequested: z.boolean(),
  versionId: z.string().nullable().describe("The version the import writes or wrote"),
  error: z.string().nullable(),
  createdById: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
};

export const datasetImportResource = z.object(importFields).meta({ id: "DatasetImport", description: "An import of an uploaded file into a dataset" });

export const datasetImportDetailResource = z
  .object({ ...importFields, file: datasetFileResource.nullable() })
  .meta({ id: "DatasetImportWithFile", description: "An import with its uploaded file" });

export const importIssueResource = z
  .object({
    id: z.string(),
    line: z.number().int().describe("1-based line (or sheet row) where the record starts"),
    field: z.string(),
    code: z.string().describe("Issue code, such as malformed_json or label_not_in_set"),
    params: jsonObject,
    raw: z.string().describe("The record's source text, cut to 2,000 characters"),
  })
  .meta({ id: "DatasetImportIssue", description: "A problem with one source record" });

export const datasetRowResource = z
  .object({
    rowKey: z.string().describe("Stable identity of the row across versions derived from each other"),
    position: z.number().int().min(0),
    split: z.enum(SPLITS).nullable(),
    data: jsonObject.describe("The row in the canonical form of the dataset type; classification labels are in `labels`"),
    labels: z.array(z.string()),
    review: z.enum(REVIEWS).nullable(),
    note: z.string(),
    flags: z.array(z.string()),
    tokens: count,
    hash: z.string(),
    sourceLine: z.number().int().nullable(),
  })
  .meta({ id: "DatasetRow", description: "One row of a dataset version" });

export const rowPageResource = z
  .object({
    rows: z.array(datasetRowResource),
    nextPosition: z.number().int().nullable().describe("Pass as afterPosition for the next page; null on the last page"),
    total: count.nullable().describe("Rows matching the filter; given only on the first page (no afterPosition)"),
  })
  .meta({ id: "DatasetRowPage", description: "A page of rows in position order" });

const diffExample = z.object({
  kind: z.enum(["added", "removed", "changed"]),
  rowKey: z.string(),
  before: jsonObject.nullable(),
  after: jsonObject.nullable(),
});

export const versionDiffResource = z
  .object({ added: count, removed: count, changed: count, unchanged: count, examples: z.array(diffExample).describe("Up to 50 differing rows") })
  .meta({ id: "DatasetVersionDiff", description: "Row-by-row comparison of two versions of one dataset" });

export const datasetTaskResource = z
  .object({
    id: z.string(),
    datasetId: z.string(),
    versionId: z.string().describe("The version the task reads"),
    kind: z.enum(TASK_KINDS),
    status: z.enum(TASK_STATUSES),
    params: jsonObject,
    progress: z.number().min(0).max(1),
    result: z.unknown().describe("Kind-specific outcome, such as a clean preview's changes or an export's row count; null until completed"),
    resultVersionId: z.string().nullable().describe("The version a clean, split or save_draft task produced"),
    fileId: z.string().nullable().describe("The file an export task wrote"),
    error: z.string().nullable(),
    createdById: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "DatasetTask", description: "A background operation on a dataset version" });

export const rowChangeResource = z
  .object({
    id: z.string(),
    datasetId: z.string(),
    versionId: z.string(),
    rowKey: z.string(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    field: z.string().describe("data, labels, split, review or note"),
    before: z.unknown(),
    after: z.unknown(),
    createdAt: dateTime,
  })
  .meta({ id: "DatasetRowChange", description: "One recorded change of a row field" });
