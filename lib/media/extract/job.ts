import type { Db } from "@/lib/db/client";
import type { ExtractionResult, ExtractionRun, Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { LlmError, type ChatParams, type ModelTarget } from "@/lib/llm/types";
import type { Logger } from "@/lib/log";
import { callVisionModel, derivedImageDataUrl, describeCallFailure, imageMessage, ocrContext, rawTextAllowed, resolveVisionTarget } from "../ask-call";
import { PENDING } from "./runs";
import { checkAnswer, type CheckedFields } from "./check";
import { compileExtractionSchema, type ExtractionValidator } from "./validate";

export type ExtractionJobContext = {
  db: Db;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  /** Storage root of derived copies; LUODI_DATA_DIR/storage when unset. */
  storageRoot?: string;
};

/** Maximum output requested per image, in tokens. */
const ANSWER_MAX_TOKENS = 2048;

/** Maximum model output kept on a result (rawAnswer), in characters. */
const MAX_RAW_ANSWER_CHARS = 20_000;

/**
 * Processes the pending results of a run, one image at a time: each call's outcome is stored before the
 * next starts, so a retried job (worker killed, database error) resumes with the images still pending.
 * A failed call is stored as that image's error and the run goes on. A cancelled run stops before its next
 * image. A schema or model that became unusable since the run started fails the whole run.
 */
export async function runExtractionJob(context: ExtractionJobContext, runId: string): Promise<void> {
  const { db, log } = context;
  const run = await db.extractionRun.findUnique({ where: { id: runId } });
  if (!run || !["queued", "running"].includes(run.status)) {
    log.info({ runId, status: run?.status }, "extraction.skipped");
    return;
  }

  const prepared = await prepareRun(db, run);
  if ("error" in prepared) {
    await db.extractionRun.updateMany({ where: { id: runId, status: { in: ["queued", "running"] } }, data: { status: "failed", error: prepared.error, finishedAt: new Date() } });
    log.warn({ runId, error: prepared.error }, "extraction.failed");
    return;
  }

  const started = await db.extractionRun.updateMany({ where: { id: runId, status: { in: ["queued", "running"] } }, data: { status: "running" } });
  if (started.count === 0) return;

  try {
    await processPending(context, run, prepared);
  } catch (error) {
    // Model failures are stored per image, so this is a database or storage error. pg-boss retries the job
    // and the retry resumes with the pending images. After the last attempt the run is marked failed.
    if (context.attempt >= context.maxAttempts) {
      await db.extractionRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "failed", error: "The run stopped on an internal error; start it again", finishedAt: new Date() } });
    }
    throw error;
  }
  if (await isCancelled(db, runId)) {
    log.info({ runId }, "extraction.cancelled");
    return;
  }

  await db.extractionRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "done", finishedAt: new Date() } });
  log.info({ runId, images: run.total }, "extraction.done");
}

type UsableRun = { target: ModelTarget; validator: ExtractionValidator; schemaText: string };
type PreparedRun = UsableRun | { error: string };

/** Processes the run's pending results in id order, stopping before the next image once the run is cancelled. */
async function processPending(context: ExtractionJobContext, run: ExtractionRun, prepared: UsableRun): Promise<void> {
  const { db } = context;
  const pending = await db.extractionResult.findMany({ where: { runId: run.id, status: PENDING }, orderBy: { id: "asc" } });
  const caller = new ExtractionCaller(context, run, prepared.target, prepared.validator, prepared.schemaText, await rawTextAllowed(db, run.workspaceId));

  for (const result of pending) {
    if (await isCancelled(db, run.id)) return;
    await caller.process(result);
    await refreshCounters(db, run.id);
  }
}

async function prepareRun(db: Db, run: ExtractionRun): Promise<PreparedRun> {
  const schema = await db.extractionSchema.findUnique({ where: { id: run.schemaId } });
  if (!schema) return { error: "The extraction schema was deleted" };
  if (!run.providerModelId) return { error: "The model of this run was deleted; start a new run with another model" };

  try {
    const validator = compileExtractionSchema(schema.schema as Record<string, unknown>);
    const target = await resolveVisionTarget(db, run.workspaceId, run.providerModelId);
    return { target, validator, schemaText: JSON.stringify(schema.schema, null, 2) };
  } catch (error) {
    if (error instanceof AppError) return { error: error.publicMessage };
    throw error;
  }
}

async function isCancelled(db: Db, runId: string): Promise<boolean> {
  const run = await db.extractionRun.findUnique({ where: { id: runId }, select: { status: true } });
  return run?.status !== "running";
}

/** Counts from the results themselves, so a retried job never counts an image twice. */
async function refreshCounters(db: Db, runId: string): Promise<void> {
  const groups = await db.extractionResult.groupBy({ by: ["status"], where: { runId }, _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const completed = groups.reduce((sum, group) => sum + (group.status === PENDING ? 0 : group._count._all), 0);
  await db.extractionRun.update({ where: { id: runId }, data: { completed, failed: count("error") } });
}

/** Sends one image per call and stores its result. */
class ExtractionCaller {
  /** Cleared after a provider rejects response_format, so the rest of the run requests JSON in the prompt only. */
  private jsonMode = true;

  constructor(
    private readonly context: ExtractionJobContext,
    private readonly run: ExtractionRun,
    private readonly target: ModelTarget,
    private readonly validator: ExtractionValidator,
    private readonly schemaText: string,
    private readonly rawText: boolean,
  ) {}

  async process(result: ExtractionResult): Promise<void> {
    const { db, log } = this.context;
    let update: Prisma.ExtractionResultUpdateInput;
    try {
      const answer = await this.extract(result.assetId);
      const checked: CheckedFields = checkAnswer(this.validator, answer);
      update = {
        status: checked.status,
        data: (checked.data ?? undefined) as Prisma.InputJsonObject | undefined,
        errors: checked.errors.length > 0 ? (checked.errors as unknown as Prisma.InputJsonArray) : undefined,
        rawAnswer: answer.slice(0, MAX_RAW_ANSWER_CHARS),
      };
    } catch (error) {
      const failure = describeCallFailure(error);
      log.warn({ runId: this.run.id, assetId: result.assetId, kind: failure.kind }, "extraction.image_failed");
      update = { status: "error", errors: [{ path: "", message: failure.message, keyword: failure.kind, params: failureParams(error) }] };
    }
    await db.extractionResult.update({ where: { id: result.id }, data: update });
  }

  private async extract(assetId: string): Promise<string> {
    const asset = await this.context.db.mediaAsset.findFirst({ where: { id: assetId, workspaceId: this.run.workspaceId, deletedAt: null } });
    if (!asset) throw new AppError("NOT_FOUND", "The image was deleted after the run started");
    if (!asset.derivedKey) throw new AppError("CONFLICT", "The image has no derived copy");

    const instruction =
      "Extract the fields described by this JSON Schema from the image. Reply with one JSON object that matches the schema and nothing else; " +
      `use null for a field you cannot find.\n\nJSON Schema:\n${this.schemaText}`;
    const message = imageMessage(instruction, ocrContext(asset, this.rawText), await derivedImageDataUrl(asset, this.context.storageRoot));
    const userId = this.run.createdById;

    if (this.jsonMode) {
      try {
        return (await callVisionModel(this.context.db, this.target, [message], this.params(true), { userId })).text;
      } catch (error) {
        if (!rejectsResponseFormat(error)) throw error;
        this.jsonMode = false;
        this.context.log.info({ runId: this.run.id, modelId: this.target.modelId }, "extraction.json_mode_unsupported");
      }
    }
    return (await callVisionModel(this.context.db, this.target, [message], this.params(false), { userId })).text;
  }

  private params(jsonMode: boolean): ChatParams {
    if (!jsonMode) return { max_tokens: ANSWER_MAX_TOKENS, temperature: 0 };
    // strict: false because strict structured output accepts only a subset of JSON Schema; ajv decides validity.
    const schema = JSON.parse(this.schemaText) as Record<string, unknown>;
    return { max_tokens: ANSWER_MAX_TOKENS, temperature: 0, response_format: { type: "json_schema", json_schema: { name: "extraction", schema, strict: false } } };
  }
}

/** Params of a call failure that the console needs to translate it: the HTTP status of an upstream_status error. */
function failureParams(error: unknown): Record<string, number> {
  const status = error instanceof LlmError ? error.details.httpStatus : undefined;
  return status === undefined ? {} : { status };
}

/**
 * Checks whether a call failed because of response_format. A 400 or 422 to a request with it usually means
 * the provider does not support structured output, so the call is repeated without it.
 * NOTE: a 400 for another reason also costs one extra call per run, after which JSON mode stays off.
 */
function rejectsResponseFormat(error: unknown): boolean {
  return error instanceof LlmError && error.kind === "upstream_status" && [400, 422].includes(error.details.httpStatus ?? 0);
}
