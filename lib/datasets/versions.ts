import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { DatasetType } from "./model";
import { createVersionDigest } from "./row-hash";
import { iterateRows } from "./rows-read";
import { createStatsAccumulator, type DatasetStats } from "./transform/stats";
import { countTokens } from "./validate";

export type VersionSummary = { rowCount: number; contentHash: string; stats: DatasetStats };

type Transaction = Prisma.TransactionClient;

/**
 * Makes a building or draft version ready: numbers it after the dataset's newest version and stores its
 * row count, content hash and statistics. `alsoInTransaction` commits related state (the import or task
 * that produced it) in the same transaction, so no reader ever sees one without the other.
 */
export async function finalizeVersion(
  db: Db,
  versionId: string,
  summary: VersionSummary,
  alsoInTransaction?: (tx: Transaction) => Promise<void>,
) {
  return db.$transaction(async (tx) => {
    const version = await tx.datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
    const newest = await tx.datasetVersion.aggregate({ where: { datasetId: version.datasetId }, _max: { number: true } });
    const ready = await tx.datasetVersion.update({
      where: { id: versionId },
      data: {
        status: "ready",
        number: (newest._max.number ?? 0) + 1,
        rowCount: summary.rowCount,
        contentHash: summary.contentHash,
        stats: summary.stats as unknown as Prisma.InputJsonValue,
        readyAt: new Date(),
      },
    });
    await alsoInTransaction?.(tx);
    return ready;
  });
}

/** Reads a version's rows once to compute its row count, content hash and statistics. */
export async function summarizeVersion(db: Db, versionId: string, type: DatasetType): Promise<VersionSummary> {
  const digest = createVersionDigest();
  const stats = createStatsAccumulator(type, countTokens);
  let rowCount = 0;
  for await (const row of iterateRows(db, versionId)) {
    digest.add(row.hash);
    stats.add(row);
    rowCount += 1;
  }
  return { rowCount, contentHash: digest.digest(), stats: stats.result() };
}

/** Ready versions of a dataset, newest first, plus its draft when one exists. */
export async function listVersions(db: Db, actor: Actor, datasetId: string) {
  const dataset = await db.dataset.findFirst({ where: { id: datasetId, workspaceId: actor.workspaceId }, select: { id: true } });
  if (!dataset) throw new AppError("NOT_FOUND", "No such dataset in this workspace", { reason: "datasets.not_found" });
  return db.datasetVersion.findMany({
    where: { datasetId, status: { in: ["ready", "draft"] } },
    orderBy: [{ status: "asc" }, { number: "desc" }],
  });
}

/**
 * A readable version of the actor's workspace. Building and failed versions are invisible, so a reader
 * can never see a half-written import.
 */
export async function getVersion(db: Db, actor: Actor, versionId: string, options: { allowDraft?: boolean } = { allowDraft: true }) {
  const version = await db.datasetVersion.findFirst({
    where: { id: versionId, dataset: { workspaceId: actor.workspaceId }, status: { in: options.allowDraft ? ["ready", "draft"] : ["ready"] } },
    include: { dataset: true },
  });
  if (!version) throw new AppError("NOT_FOUND", "No such dataset version in this workspace", { reason: "datasets.version_not_found" });
  return version;
}

export type VersionDiff = {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  examples: { kind: "added" | "removed" | "changed"; rowKey: string; before: unknown; after: unknown }[];
};

/**
 * Compares two versions row by row through their row keys: rows only in `to` are added, only in `from`
 * removed, and rows in both with different content changed. Versions of different lineage share no keys,
 * so every row shows as removed and added.
 */
export async function diffVersions(db: Db, actor: Actor, fromId: string, toId: string, exampleLimit = 50): Promise<VersionDiff> {
  const from = await getVersion(db, actor, fromId);
  const to = await getVersion(db, actor, toId);
  if (from.datasetId !== to.datasetId) {
    throw new AppError("INVALID_INPUT", "Both versions must belong to the same dataset", { reason: "datasets.diff_other_dataset" });
  }

  const [counts] = await db.$queryRawUnsafe<{ added: bigint; removed: bigint; changed: bigint; unchanged: bigint }[]>(
    `SELECT count(*) FILTER (WHERE a."rowKey" IS NULL) AS added,
            count(*) FILTER (WHERE b."rowKey" IS NULL) AS removed,
            count(*) FILTER (WHERE a.hash <> b.hash) AS changed,
            count(*) FILTER (WHERE a.hash = b.hash) AS unchanged
     FROM (SELECT "rowKey", hash FROM "DatasetRow" WHERE "versionId" = $1) a
     FULL OUTER JOIN (SELECT "rowKey", hash FROM "DatasetRow" WHERE "versionId" = $2) b ON a."rowKey" = b."rowKey"`,
    fromId,
    toId,
  );

  const examples = await db.$queryRawUnsafe<{ kind: "added" | "removed" | "changed"; rowKey: string; before: unknown; after: unknown }[]>(
    `SELECT CASE WHEN a."rowKey" IS NULL THEN 'added' WHEN b."rowKey" IS NULL THEN 'removed' ELSE 'changed' END AS kind,
            coalesce(a."rowKey", b."rowKey") AS "rowKey",
            CASE WHEN a."rowKey" IS NULL THEN NULL ELSE jsonb_build_object('data', a.data, 'labels', a.labels, 'split', a.split, 'review', a.review, 'note', a.note) END AS before,
            CASE WHEN b."rowKey" IS NULL THEN NULL ELSE jsonb_build_object('data', b.data, 'labels', b.labels, 'split', b.split, 'review', b.review, 'note', b.note) END AS after
     FROM (SELECT * FROM "DatasetRow" WHERE "versionId" = $1) a
     FULL OUTER JOIN (SELECT * FROM "DatasetRow" WHERE "versionId" = $2) b ON a."rowKey" = b."rowKey"
     WHERE a."rowKey" IS NULL OR b."rowKey" IS NULL OR a.hash <> b.hash
     ORDER BY coalesce(b.position, a.position)
     LIMIT $3`,
    fromId,
    toId,
    exampleLimit,
  );

  return {
    added: Number(counts?.added ?? 0),
    removed: Number(counts?.removed ?? 0),
    changed: Number(counts?.changed ?? 0),
    unchanged: Number(counts?.unchanged ?? 0),
    examples,
  };
}
