import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { ExperimentSplit } from "./schemas";

/**
 * The rows an experiment runs over: the first `rowLimit` rows of the split, in version order. Versions
 * are immutable, so the create step, every job attempt and the result pages all see the same rows.
 */
function rowFilter(versionId: string, split: ExperimentSplit): Prisma.DatasetRowWhereInput {
  return split === "all" ? { versionId } : { versionId, split };
}

export async function countExperimentRows(db: Db, versionId: string, split: ExperimentSplit, rowLimit: number): Promise<number> {
  const count = await db.datasetRow.count({ where: rowFilter(versionId, split) });
  return Math.min(count, rowLimit);
}

export function loadExperimentRows(db: Db, versionId: string, split: ExperimentSplit, rowLimit: number) {
  return db.datasetRow.findMany({
    where: rowFilter(versionId, split),
    orderBy: { position: "asc" },
    take: rowLimit,
    select: { rowKey: true, position: true, data: true, labels: true },
  });
}

export type ExperimentRow = Awaited<ReturnType<typeof loadExperimentRows>>[number];
