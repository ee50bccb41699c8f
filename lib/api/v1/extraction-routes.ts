import { z } from "zod";
import type { ExtractionResult, ExtractionRun, ExtractionSchema } from "@/lib/db/generated/client";
import { extractionCsv, extractionJsonl } from "@/lib/media/extract/export";
import {
  extractionExportQuery,
  extractionResultEdit,
  extractionRunInput,
  extractionSchemaInput,
  extractionSchemaUpdate,
  listRunsQuery,
  MAX_RUN_IMAGES,
} from "@/lib/media/extract/inputs";
import { editExtractionResult, listAssetResults, readRunResults, type ResultWithAsset } from "@/lib/media/extract/results";
import { cancelExtractionRun, listExtractionRuns, readExtractionRun, startExtractionRun } from "@/lib/media/extract/runs";
import { archiveExtractionSchema, createExtractionSchema, listExtractionSchemas, readExtractionSchema, updateExtractionSchema } from "@/lib/media/extract/schemas";
import { schemaColumns } from "@/lib/media/extract/validate";
import { defineRoute, type AnyRouteDefinition } from "../route";

const TAG = "Media extraction";

const schemaParams = z.object({ schemaId: z.string().min(1).max(100).describe("Extraction schema id") });
const runParams = z.object({ runId: z.string().min(1).max(100).describe("Extraction run id") });
const resultParams = runParams.extend({ resultId: z.string().min(1).max(100).describe("Extraction result id") });

const violation = z.object({ path: z.string(), message: z.string(), keyword: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export const extractionSchemaResource = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  schema: z.record(z.string(), z.unknown()),
  columns: z.array(z.string()).describe("Top-level property names: the columns of the results"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const extractionRunResource = z.object({
  id: z.string(),
  schemaId: z.string(),
  modelId: z.string().nullable(),
  model: z.string(),
  status: z.enum(["queued", "running", "done", "failed", "cancelled"]),
  total: z.number().int(),
  completed: z.number().int().describe("Images processed, whatever their outcome"),
  failed: z.number().int().describe("Images whose call failed (status error)"),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const extractionResultResource = z.object({
  id: z.string(),
  assetId: z.string(),
  fileName: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  status: z.enum(["pending", "valid", "invalid", "error"]),
  data: z.record(z.string(), z.unknown()).nullable().describe("The extracted fields; null for a field means it was not found"),
  errors: z
    .array(violation)
    .describe(
      "Invalid results: ajv errors with `path` (JSON Pointer into data), ajv's `keyword` and `params` (for translation) and an English `message`. " +
        "Error results: one entry whose `keyword` is the failure kind (for example upstream_status, with params.status).",
    ),
  rawAnswer: z.string().nullable(),
  edited: z.boolean(),
  updatedAt: z.string(),
});

const runResultsResource = z.object({ run: extractionRunResource, columns: z.array(z.string()), results: z.array(extractionResultResource) });

function toSchemaView(row: ExtractionSchema): z.infer<typeof extractionSchemaResource> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    schema: row.schema as Record<string, unknown>,
    columns: schemaColumns(row.schema),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toRunView(row: ExtractionRun): z.infer<typeof extractionRunResource> {
  return {
    id: row.id,
    schemaId: row.schemaId,
    modelId: row.providerModelId,
    model: row.model,
    status: row.status as z.infer<typeof extractionRunResource>["status"],
    total: row.total,
    completed: row.completed,
    failed: row.failed,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function toResultView(row: ExtractionResult & { asset?: ResultWithAsset["asset"] }): z.infer<typeof extractionResultResource> {
  return {
    id: row.id,
    assetId: row.assetId,
    fileName: row.asset?.originalName ?? null,
    thumbnailUrl: row.asset?.thumbnailKey ? `/api/v1/media/${row.assetId}/thumbnail` : null,
    status: row.status as z.infer<typeof extractionResultResource>["status"],
    data: (row.data as Record<string, unknown> | null) ?? null,
    errors: Array.isArray(row.errors) ? (row.errors as z.infer<typeof violation>[]) : [],
    rawAnswer: row.rawAnswer,
    edited: row.editedAt !== null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const listExtractionSchemasRoute = defineRoute({
  method: "GET",
  path: "/extraction-schemas",
  operationId: "listExtractionSchemas",
  summary: "List extraction schemas",
  description: "Lists the workspace's extraction schemas, most recently changed first (at most 500).",
  tag: TAG,
  permission: "console.read",
  response: z.array(extractionSchemaResource),
  async handler({ actor, db }) {
    return { data: (await listExtractionSchemas(db, actor)).map(toSchemaView) };
  },
});

export const createExtractionSchemaRoute = defineRoute({
  method: "POST",
  path: "/extraction-schemas",
  operationId: "createExtractionSchema",
  summary: "Create an extraction schema",
  description:
    "Stores a JSON Schema of fields to extract from images. It is compiled with ajv first: an invalid schema is rejected with INVALID_INPUT, " +
    "reason mediaExtract.invalid_schema, and a top level that is not an object with properties with reason mediaExtract.schema_not_object. " +
    "Both name the request field in `fields.schema` and give `params.path` (the JSON Pointer of the problem inside the schema), " +
    "`params.keyword` (ajv's keyword, or topLevelType / topLevelProperties), ajv's other params and the English `params.message`, so a " +
    "client can show the problem in its own language. CONFLICT when the name is taken.",
  tag: TAG,
  permission: "media.write",
  body: extractionSchemaInput,
  response: extractionSchemaResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { schema, audit } = await createExtractionSchema(db, actor, body);
    return { data: toSchemaView(schema), audit };
  },
});

export const getExtractionSchemaRoute = defineRoute({
  method: "GET",
  path: "/extraction-schemas/{schemaId}",
  operationId: "getExtractionSchema",
  summary: "Get an extraction schema",
  tag: TAG,
  permission: "console.read",
  params: schemaParams,
  response: extractionSchemaResource,
  async handler({ actor, db, params }) {
    return { data: toSchemaView(await readExtractionSchema(db, actor, params.schemaId)) };
  },
});

export const updateExtractionSchemaRoute = defineRoute({
  method: "PATCH",
  path: "/extraction-schemas/{schemaId}",
  operationId: "updateExtractionSchema",
  summary: "Edit an extraction schema",
  description: "Changes the name, description or JSON Schema, checked as on create. Results of earlier runs keep their data and status.",
  tag: TAG,
  permission: "media.write",
  params: schemaParams,
  body: extractionSchemaUpdate,
  response: extractionSchemaResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { schema, audit } = await updateExtractionSchema(db, actor, params.schemaId, body);
    return { data: toSchemaView(schema), audit };
  },
});

export const archiveExtractionSchemaRoute = defineRoute({
  method: "DELETE",
  path: "/extraction-schemas/{schemaId}",
  operationId: "archiveExtractionSchema",
  summary: "Archive an extraction schema",
  description: "Removes the schema from the list and frees its name; its runs and results stay readable and exportable.",
  tag: TAG,
  permission: "media.write",
  params: schemaParams,
  response: z.object({ id: z.string(), archived: z.literal(true) }),
  async handler({ actor, db, params }) {
    const { audit } = await archiveExtractionSchema(db, actor, params.schemaId);
    return { data: { id: params.schemaId, archived: true as const }, audit };
  },
});

export const startExtractionRunRoute = defineRoute({
  method: "POST",
  path: "/extraction-runs",
  operationId: "startExtractionRun",
  summary: "Run an extraction schema over images",
  description:
    `Queues a run of the schema over up to ${MAX_RUN_IMAGES} images with a vision model. For each image the worker sends the derived copy ` +
    "and the OCR text (PII-masked unless the workspace allows raw text), asks for JSON (structured output where the provider accepts it), " +
    "and validates the answer with ajv: status valid, invalid with the ajv errors, or error when the call failed. A null field means " +
    "not found: valid for an optional property, a `required` error for a required one. Every image and the " +
    "model are checked before anything is queued (mediaExtract.not_vision, mediaExtract.image_not_found, mediaExtract.image_not_ready).",
  tag: TAG,
  permission: "models.use",
  body: extractionRunInput,
  response: extractionRunResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body, enqueue }) {
    const { run, audit } = await startExtractionRun(db, actor, enqueue, body);
    return { data: toRunView(run), audit };
  },
});

export const listExtractionRunsRoute = defineRoute({
  method: "GET",
  path: "/extraction-runs",
  operationId: "listExtractionRuns",
  summary: "List extraction runs",
  description: "Lists runs newest first, with their progress.",
  tag: TAG,
  permission: "console.read",
  query: listRunsQuery,
  response: z.array(extractionRunResource),
  async handler({ actor, db, query }) {
    return { data: (await listExtractionRuns(db, actor, query)).map(toRunView) };
  },
});

export const getExtractionRunRoute = defineRoute({
  method: "GET",
  path: "/extraction-runs/{runId}",
  operationId: "getExtractionRun",
  summary: "Get an extraction run with its results",
  description: "Returns the run's progress, the schema's property names (the columns) and one result per image.",
  tag: TAG,
  permission: "console.read",
  params: runParams,
  response: runResultsResource,
  async handler({ actor, db, params }) {
    const { run, columns, results } = await readRunResults(db, actor, params.runId);
    return { data: { run: toRunView(run), columns, results: results.map(toResultView) } };
  },
});

export const cancelExtractionRunRoute = defineRoute({
  method: "POST",
  path: "/extraction-runs/{runId}/cancel",
  operationId: "cancelExtractionRun",
  summary: "Cancel an extraction run",
  description: "Stops the run before its next image; finished results stay. CONFLICT when the run already finished.",
  tag: TAG,
  permission: "models.use",
  params: runParams,
  response: extractionRunResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { run, audit } = await cancelExtractionRun(db, actor, params.runId);
    return { data: toRunView(run), audit };
  },
});

export const editExtractionResultRoute = defineRoute({
  method: "PATCH",
  path: "/extraction-runs/{runId}/results/{resultId}",
  operationId: "editExtractionResult",
  summary: "Correct an extraction result",
  description:
    "Replaces the result's fields and validates them against the schema again: the status becomes valid, or invalid with the ajv errors. " +
    "A field set to null counts as not found, as in a run. Returns the result in the shape of the run's result list, file name and thumbnail URL included.",
  tag: TAG,
  permission: "media.write",
  params: resultParams,
  body: extractionResultEdit,
  response: extractionResultResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { result, audit } = await editExtractionResult(db, actor, params.runId, params.resultId, body.data);
    return { data: toResultView(result), audit };
  },
});

export const exportExtractionRunRoute = defineRoute({
  method: "GET",
  path: "/extraction-runs/{runId}/export",
  operationId: "exportExtractionRun",
  summary: "Export an extraction run's results",
  description:
    "Downloads the results as CSV (UTF-8 with BOM, one column per schema property; text starting with =, +, -, @ is prefixed with an " +
    "apostrophe so spreadsheets do not run it as a formula) or JSON Lines (one object per image).",
  tag: TAG,
  permission: "console.read",
  params: runParams,
  query: extractionExportQuery,
  file: { contentTypes: ["text/csv", "application/jsonl"], description: "The run's results" },
  async handler({ actor, db, params, query }) {
    const { run, columns, results } = await readRunResults(db, actor, params.runId);
    const csv = query.format === "csv";
    const body = csv ? extractionCsv(columns, results) : extractionJsonl(results);
    const headers = {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8",
      "content-disposition": `attachment; filename="extraction-${run.id}.${csv ? "csv" : "jsonl"}"`,
      "x-content-type-options": "nosniff",
    };
    return { response: new Response(body, { status: 200, headers }) };
  },
});

const assetResultsQuery = z.object({
  assetId: z.string().min(1).max(100).describe("Media file id"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const assetResultResource = extractionResultResource.extend({
  runId: z.string(),
  schemaId: z.string(),
  schemaName: z.string().nullable().describe("Null when the schema was deleted"),
  columns: z.array(z.string()),
});

export const listAssetExtractionResultsRoute = defineRoute({
  method: "GET",
  path: "/extraction-results",
  operationId: "listAssetExtractionResults",
  summary: "List the fields extracted from one image",
  description: "Lists an image's results across runs, newest first, leaving out images a run has not reached yet.",
  tag: TAG,
  permission: "console.read",
  query: assetResultsQuery,
  response: z.array(assetResultResource),
  async handler({ actor, db, query }) {
    const rows = await listAssetResults(db, actor, query.assetId, query.limit);
    return {
      data: rows.map(({ result, schemaName, columns }) => ({ ...toResultView(result), runId: result.runId, schemaId: result.schemaId, schemaName, columns })),
    };
  },
});

export const extractionRoutes: readonly AnyRouteDefinition[] = [
  listAssetExtractionResultsRoute,
  listExtractionSchemasRoute,
  createExtractionSchemaRoute,
  getExtractionSchemaRoute,
  updateExtractionSchemaRoute,
  archiveExtractionSchemaRoute,
  startExtractionRunRoute,
  listExtractionRunsRoute,
  getExtractionRunRoute,
  cancelExtractionRunRoute,
  editExtractionResultRoute,
  exportExtractionRunRoute,
];
