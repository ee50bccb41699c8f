import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import type { ExtractionRun } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { mediaModelError, resolveVisionTarget } from "../ask-call";
import type { ExtractionRunInput } from "./inputs";
import { readExtractionSchema } from "./schemas";
import { compileExtractionSchema } from "./validate";

/** A result row waiting for its image to be processed; it becomes valid, invalid or error. */
export const PENDING = "pending";

const FINISHED_STATUSES = ["done", "failed", "cancelled"];

export async function readExtractionRun(db: Db, actor: Actor, id: string): Promise<ExtractionRun> {
  const run = await db.extractionRun.findFirst({ where: { id, workspaceId: actor.workspaceId } });
  if (!run) throw new AppError("NOT_FOUND", `Extraction run ${id} not found`, { reason: "mediaExtract.run_not_found", params: { id } });
  return run;
}

export async function listExtractionRuns(db: Db, actor: Actor, query: { schemaId?: string; limit: number }): Promise<ExtractionRun[]> {
  return db.extractionRun.findMany({
    where: { workspaceId: actor.workspaceId, ...(query.schemaId && { schemaId: query.schemaId }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
}

/**
 * Starts a run: checks the schema, the model and every image before anything is queued, writes one
 * pending result per image (the run's selection) and sends the media.extract job.
 */
export async function startExtractionRun(db: Db, actor: Actor, queue: Enqueue, input: ExtractionRunInput): Promise<{ run: ExtractionRun; audit: AuditEntry }> {
  const schema = await readExtractionSchema(db, actor, input.schemaId);
  compileExtractionSchema(schema.schema as Record<string, unknown>);
  const target = await resolveVisionTarget(db, actor.workspaceId, input.modelId);
  await assertImagesReady(db, actor, input.assetIds);

  const run = await db.$transaction(async (tx) => {
    const created = await tx.extractionRun.create({
      data: { workspaceId: actor.workspaceId, schemaId: schema.id, providerModelId: target.modelId, model: target.model, total: input.assetIds.length, createdById: actor.userId },
    });
    await tx.extractionResult.createMany({
      data: input.assetIds.map((assetId) => ({ workspaceId: actor.workspaceId, runId: created.id, schemaId: schema.id, assetId, status: PENDING })),
    });
    return created;
  });

  try {
    await queue("media.extract", { runId: run.id });
  } catch (error) {
    // Without a job the run would stay queued for ever, so it is marked failed before the error surfaces.
    await db.extractionRun.update({ where: { id: run.id }, data: { status: "failed", error: "The job could not be queued; start the run again", finishedAt: new Date() } });
    throw error;
  }

  const audit: AuditEntry = { action: "media.extraction_run.start", targetType: "extraction_run", targetId: run.id, changes: { schemaId: schema.id, model: target.model, images: run.total } };
  return { run, audit };
}

/** Raises NOT_FOUND naming the first missing image, or the readiness error of the first image that is not ready. */
async function assertImagesReady(db: Db, actor: Actor, assetIds: string[]): Promise<void> {
  const assets = await db.mediaAsset.findMany({
    where: { id: { in: assetIds }, workspaceId: actor.workspaceId, deletedAt: null },
    select: { id: true, kind: true, status: true, derivedKey: true, originalName: true },
  });
  const byId = new Map(assets.map((asset) => [asset.id, asset]));

  for (const id of assetIds) {
    const asset = byId.get(id);
    if (!asset) throw mediaModelError("NOT_FOUND", "image_not_found", `Media file ${id} not found; remove it from the selection`, { id });
    if (asset.kind !== "image") {
      throw mediaModelError("INVALID_INPUT", "not_an_image", `${asset.originalName} is not an image; only images can be sent to a vision model`, { filename: asset.originalName });
    }
    if (asset.status !== "ready" || !asset.derivedKey) {
      throw mediaModelError("CONFLICT", "image_not_ready", `${asset.originalName} is still ${asset.status}; wait until it is ready`, { filename: asset.originalName, status: asset.status });
    }
  }
}

/** Cancels a run that has not finished; the job stops before its next image and pending results stay pending. */
export async function cancelExtractionRun(db: Db, actor: Actor, id: string): Promise<{ run: ExtractionRun; audit: AuditEntry }> {
  const before = await readExtractionRun(db, actor, id);
  if (FINISHED_STATUSES.includes(before.status)) {
    throw new AppError("CONFLICT", `Extraction run ${id} is already ${before.status}`, { reason: "mediaExtract.run_finished", params: { id, status: before.status } });
  }
  const run = await db.extractionRun.update({ where: { id }, data: { status: "cancelled", finishedAt: new Date() } });
  return { run, audit: { action: "media.extraction_run.cancel", targetType: "extraction_run", targetId: id, changes: { status: { from: before.status, to: "cancelled" } } } };
}
