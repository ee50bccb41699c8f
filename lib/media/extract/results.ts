import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import type { ExtractionResult, ExtractionRun, Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { readExtractionRun } from "./runs";
import { checkFields } from "./check";
import { compileExtractionSchema, schemaColumns } from "./validate";

export type ResultWithAsset = ExtractionResult & { asset: { originalName: string; thumbnailKey: string | null } | null };

/** Returns a run with its results (one per image, in selection order) and the schema's property names. */
export async function readRunResults(db: Db, actor: Actor, runId: string): Promise<{ run: ExtractionRun; columns: string[]; results: ResultWithAsset[] }> {
  const run = await readExtractionRun(db, actor, runId);
  const schema = await db.extractionSchema.findUnique({ where: { id: run.schemaId }, select: { schema: true } });
  const results = await db.extractionResult.findMany({ where: { runId }, orderBy: { id: "asc" } });
  return { run, columns: schemaColumns(schema?.schema), results: await withAssets(db, actor, results) };
}

/** Attaches each result's file name and thumbnail key; an image deleted since the run gets null. */
async function withAssets(db: Db, actor: Actor, results: ExtractionResult[]): Promise<ResultWithAsset[]> {
  const assets = await db.mediaAsset.findMany({
    where: { id: { in: results.map((result) => result.assetId) }, workspaceId: actor.workspaceId },
    select: { id: true, originalName: true, thumbnailKey: true },
  });
  const byId = new Map(assets.map((asset) => [asset.id, { originalName: asset.originalName, thumbnailKey: asset.thumbnailKey }]));
  return results.map((result) => ({ ...result, asset: byId.get(result.assetId) ?? null }));
}

/**
 * Replaces a result's fields with a person's correction and validates them against the schema again, so
 * the status becomes valid or invalid with ajv's errors. A null optional field means "not found" and is
 * valid (checkFields). Pending results cannot be edited yet. Returns the result with its image, as the
 * run's result list does.
 */
export async function editExtractionResult(db: Db, actor: Actor, runId: string, resultId: string, data: Record<string, unknown>): Promise<{ result: ResultWithAsset; audit: AuditEntry }> {
  const run = await readExtractionRun(db, actor, runId);
  const before = await db.extractionResult.findFirst({ where: { id: resultId, runId: run.id, workspaceId: actor.workspaceId } });
  if (!before) throw new AppError("NOT_FOUND", `Extraction result ${resultId} not found in run ${runId}`, { reason: "mediaExtract.result_not_found", params: { id: resultId } });
  if (before.status === "pending") {
    throw new AppError("CONFLICT", "This image has not been processed yet; edit it once the run reaches it", { reason: "mediaExtract.result_pending", params: { id: resultId } });
  }

  const schema = await db.extractionSchema.findUnique({ where: { id: before.schemaId }, select: { schema: true } });
  if (!schema) throw new AppError("NOT_FOUND", "The extraction schema of this result was deleted", { reason: "mediaExtract.schema_not_found", params: { id: before.schemaId } });
  const checked = checkFields(compileExtractionSchema(schema.schema as Record<string, unknown>), data);

  const updated = await db.extractionResult.update({
    where: { id: resultId },
    data: {
      status: checked.status,
      data: data as Prisma.InputJsonObject,
      errors: checked.errors.length > 0 ? (checked.errors as unknown as Prisma.InputJsonArray) : ([] as Prisma.InputJsonArray),
      editedById: actor.userId,
      editedAt: new Date(),
    },
  });
  await refreshRunFailures(db, run.id);
  const [result] = await withAssets(db, actor, [updated]);

  const audit: AuditEntry = {
    action: "media.extraction_result.edit",
    targetType: "extraction_result",
    targetId: resultId,
    changes: { data: { from: before.data, to: data }, status: { from: before.status, to: updated.status } },
  };
  return { result: result!, audit };
}

/** Recounts the run's failures, because an edit can turn an error into valid fields. */
async function refreshRunFailures(db: Db, runId: string): Promise<void> {
  const failed = await db.extractionResult.count({ where: { runId, status: "error" } });
  await db.extractionRun.update({ where: { id: runId }, data: { failed } });
}

/** Lists an image's latest results (pending ones excluded), newest first, with the name and columns of each schema. */
export async function listAssetResults(db: Db, actor: Actor, assetId: string, limit: number) {
  const results = await db.extractionResult.findMany({
    where: { workspaceId: actor.workspaceId, assetId, status: { not: "pending" } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  const schemas = await db.extractionSchema.findMany({ where: { id: { in: [...new Set(results.map((result) => result.schemaId))] }, workspaceId: actor.workspaceId } });
  const byId = new Map(schemas.map((schema) => [schema.id, schema]));
  return results.map((result) => {
    const schema = byId.get(result.schemaId);
    return { result, schemaName: schema?.name ?? null, columns: schemaColumns(schema?.schema) };
  });
}
