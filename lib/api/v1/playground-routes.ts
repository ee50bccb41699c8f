import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { llmErrorToAppError } from "@/lib/llm/errors";
import { LlmError } from "@/lib/llm/types";
import { PLAYGROUND_MAX_BODY_BYTES, playgroundChatInput } from "@/lib/playground/input";
import { preparePlaygroundCall, runPlaygroundCall } from "@/lib/playground/run";
import { saveRowsInput, savePlaygroundRows } from "@/lib/playground/save-rows";
import { defineRoute, type AnyRouteDefinition } from "../route";

const TAG = "Playground";

const usageResource = z.object({
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  estimated: z.boolean().describe("True when the provider reported no usage and Luodi counted the tokens (o200k tokenizer)"),
});

const completionResource = z
  .object({
    text: z.string(),
    finishReason: z.string().nullable(),
    usage: usageResource,
    latencyMs: z.number().int(),
    cost: z.number().nullable().describe("Cost in `currency`; null when the model has no price"),
    currency: z.string().nullable(),
    schemaValid: z.boolean().optional().describe("Set when a jsonSchema was sent: whether the output is JSON that matches it"),
    schemaErrors: z
      .array(z.object({
          path: z.string().describe("JSON Pointer into the output"),
          message: z.string(),
          keyword: z.string().describe("The JSON Schema keyword that failed, such as type or required"),
          params: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe("The keyword's parameters, for a translated message"),
        }))
      .optional(),
  })
  .meta({ id: "PlaygroundCompletion", description: "One model answer with its usage, latency and cost" });

export const createPlaygroundCompletionRoute = defineRoute({
  method: "POST",
  path: "/playground/completions",
  operationId: "createPlaygroundCompletion",
  summary: "Ask a model, as in the playground",
  description:
    "Sends a chat completion to one of the workspace's provider models without streaming and records it in the usage log (source playground). With `jsonSchema` the model is asked for JSON matching the schema, and the answer is validated against it; an invalid schema is rejected with 400 before anything is sent. Images (data URLs) need a model with the vision capability. A provider failure answers 502 with reason llm.<kind> (rate_limited, timeout, stream_cut, ...).",
  tag: TAG,
  permission: "models.use",
  body: playgroundChatInput,
  maxBodyBytes: PLAYGROUND_MAX_BODY_BYTES,
  response: completionResource,
  errors: ["NOT_FOUND", "UPSTREAM_ERROR"],
  async handler({ actor, db, body, meta }) {
    const prepared = await preparePlaygroundCall(db, actor, body);
    try {
      const { result, schemaValid, schemaErrors } = await runPlaygroundCall(db, prepared, { requestId: meta.requestId });
      const { text, finishReason, usage, latencyMs, cost, currency } = result;
      return { data: { text, finishReason, usage, latencyMs, cost, currency, ...(schemaValid !== undefined && { schemaValid, schemaErrors }) } };
    } catch (error) {
      if (error instanceof LlmError) throw llmErrorToAppError(error);
      throw error;
    }
  },
});

const savedRowsResource = z
  .object({
    datasetId: z.string(),
    importId: z.string().describe("Follow it with GET /dataset-imports/{importId} until it completes"),
    rows: z.number().int(),
    status: z
      .enum(["importing", "review", "failed"])
      .describe("importing: committed, the new version is being written; review: invalid rows or a slow analysis, review the import; failed: see error"),
    rowsInvalid: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: "PlaygroundSavedRows", description: "The import that appends a playground conversation to a dataset" });

export const savePlaygroundRowsRoute = defineRoute({
  method: "POST",
  path: "/playground/dataset-rows",
  operationId: "savePlaygroundRows",
  summary: "Save a conversation as dataset rows",
  description:
    "Appends one chat row per answer (the system prompt and turns, then that answer) to a chat dataset, or to a new dataset named `newDatasetName`. The rows are imported like an uploaded JSONL file in append mode, so the new version keeps the earlier rows. The import is committed as soon as the worker's analysis finds every row valid; otherwise it waits in review.",
  tag: TAG,
  permission: "datasets.write",
  body: saveRowsInput,
  maxBodyBytes: PLAYGROUND_MAX_BODY_BYTES,
  response: savedRowsResource,
  successStatus: 201,
  errors: ["NOT_FOUND", "CONFLICT"],
  async handler({ actor, db, enqueue, body, meta }) {
    const { result, audits } = await savePlaygroundRows(db, enqueue, actor, body);
    // The route records one audit entry itself, so every earlier step is recorded here.
    for (const audit of audits.slice(0, -1)) await recordAudit(db, actor, meta, audit);
    return { data: result, audit: audits.at(-1) ?? null };
  },
});

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const playgroundRoutes: readonly AnyRouteDefinition[] = [createPlaygroundCompletionRoute, savePlaygroundRowsRoute];
