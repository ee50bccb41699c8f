import type { Actor } from "@/lib/auth/actor";
import { diffFields, type AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import type { MediaAsset, Prisma } from "@/lib/db/generated/client";
import { logger } from "@/lib/log";
import { removeBlob } from "@/lib/storage/local";
import { mediaRequestErrors } from "./rejections";
import type { MediaListQuery, MediaUpdateInput } from "./schemas";

const log = logger.child({ domain: "media" });

/** Returns a live asset of the actor's workspace, or NOT_FOUND; deleted assets count as missing. */
export async function readMediaAsset(db: Db, actor: Actor, id: string): Promise<MediaAsset> {
  const asset = await db.mediaAsset.findFirst({ where: { id, workspaceId: actor.workspaceId, deletedAt: null } });
  if (!asset) throw mediaRequestErrors.notFound(id);
  return asset;
}

/** Encodes an asset's position in the newest-first order as a `cursor` query parameter. */
export function encodeCursor(asset: Pick<MediaAsset, "createdAt" | "id">): string {
  return Buffer.from(`${asset.createdAt.toISOString()}|${asset.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

/** Builds the filter of a gallery query: kind, tag, upload date range, whether OCR found text, whether it is in a dataset, and a text search. */
export function mediaWhere(actor: Actor, query: Omit<MediaListQuery, "limit" | "cursor">): Prisma.MediaAssetWhereInput {
  const conditions: Prisma.MediaAssetWhereInput[] = [{ workspaceId: actor.workspaceId, deletedAt: null }];
  if (query.kind) conditions.push({ kind: query.kind });
  if (query.tag) conditions.push({ tags: { has: query.tag } });
  if (query.from) conditions.push({ createdAt: { gte: query.from } });
  if (query.to) conditions.push({ createdAt: { lte: query.to } });
  if (query.status) conditions.push({ status: query.status });
  if (query.hasText === true) conditions.push({ ocrText: { not: null } }, { NOT: { ocrText: "" } });
  if (query.hasText === false) conditions.push({ OR: [{ ocrText: null }, { ocrText: "" }] });
  if (query.inDataset === true) conditions.push({ NOT: { usedInDatasetIds: { isEmpty: true } } });
  if (query.inDataset === false) conditions.push({ usedInDatasetIds: { isEmpty: true } });

  // Prisma turns a case-insensitive `contains` into ILIKE '%q%' without escaping the LIKE wildcards, so
  // % and _ (and the escape character, backslash) are escaped here to match literally.
  if (query.q) {
    const contains = { contains: query.q.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const };
    conditions.push({ OR: [{ ocrText: contains }, { caption: contains }, { transcript: contains }, { originalName: contains }] });
  }
  return { AND: conditions };
}

/** Lists assets newest first, one page at a time; `nextCursor` is null on the last page. */
export async function listMediaAssets(db: Db, actor: Actor, query: MediaListQuery): Promise<{ assets: MediaAsset[]; nextCursor: string | null }> {
  const where = mediaWhere(actor, query);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) throw mediaRequestErrors.invalidCursor();
  const page: Prisma.MediaAssetWhereInput = cursor
    ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
    : {};

  const rows = await db.mediaAsset.findMany({
    where: { AND: [where, page] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const assets = rows.slice(0, query.limit);
  const last = assets.at(-1);
  return { assets, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** Counts the assets that match a filter, for the gallery's "N files" line. */
export async function countMediaAssets(db: Db, actor: Actor, query: Omit<MediaListQuery, "limit" | "cursor">): Promise<number> {
  return db.mediaAsset.count({ where: mediaWhere(actor, query) });
}

/** Tags used in the workspace with their counts, most used first, for the tag filter. */
export async function listMediaTags(db: Db, actor: Actor): Promise<{ tag: string; count: number }[]> {
  const rows = await db.$queryRaw<{ tag: string; count: bigint }[]>`
    SELECT tag, COUNT(*) AS count
    FROM "MediaAsset", unnest(tags) AS tag
    WHERE "workspaceId" = ${actor.workspaceId} AND "deletedAt" IS NULL
    GROUP BY tag
    ORDER BY count DESC, tag ASC
    LIMIT 500`;
  return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
}

/** Changes the tags or caption of an asset. */
export async function updateMediaAsset(db: Db, actor: Actor, id: string, input: MediaUpdateInput): Promise<{ asset: MediaAsset; audit: AuditEntry | null }> {
  const before = await readMediaAsset(db, actor, id);
  const data: Prisma.MediaAssetUpdateInput = {};
  if (input.tags !== undefined) data.tags = input.tags;
  if (input.caption !== undefined) data.caption = input.caption;

  const changes = diffFields({ tags: before.tags, caption: before.caption }, { tags: input.tags, caption: input.caption });
  if (input.tags !== undefined && sameTags(before.tags, input.tags)) delete changes.tags;
  if (Object.keys(changes).length === 0) return { asset: before, audit: null };

  const asset = await db.mediaAsset.update({ where: { id: before.id }, data });
  return { asset, audit: { action: "media.update", targetType: "media", targetId: asset.id, changes } };
}

function sameTags(before: string[], after: string[]): boolean {
  return before.length === after.length && before.every((tag, index) => tag === after[index]);
}

/**
 * Deletes an asset: the row stays, marked deleted, so the same bytes uploaded later revive it under the
 * same id, and its original, derived copy and thumbnail are removed from storage at once.
 */
export async function deleteMediaAsset(db: Db, actor: Actor, id: string): Promise<{ audit: AuditEntry }> {
  const asset = await readMediaAsset(db, actor, id);
  await db.mediaAsset.update({ where: { id: asset.id }, data: { deletedAt: new Date() } });

  const keys = [asset.storageKey, asset.derivedKey, asset.thumbnailKey].filter((key): key is string => key !== null);
  try {
    await Promise.all(keys.map((key) => removeBlob(key)));
  } catch (error) {
    // The row is already hidden; a leftover file costs disk space but exposes nothing.
    log.warn({ err: error, assetId: asset.id }, "media.delete_blob_failed");
  }
  return { audit: { action: "media.delete", targetType: "media", targetId: asset.id, changes: { originalName: asset.originalName, sha256: asset.sha256 } } };
}
