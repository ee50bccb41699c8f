import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { ResultFilter } from "./schemas";

const FILTERS: Record<ResultFilter, Prisma.ExperimentResultWhereInput> = {
  all: {},
  failed: { status: "error" },
  wrong: { status: "ok", correct: false },
  correct: { status: "ok", correct: true },
};

async function assertExperiment(db: Db, actor: Actor, experimentId: string) {
  const experiment = await db.experiment.findFirst({ where: { id: experimentId, workspaceId: actor.workspaceId }, select: { id: true } });
  if (!experiment) throw new AppError("NOT_FOUND", "No such experiment in this workspace", { reason: "experiments.not_found" });
}

/**
 * Results of an experiment in row order, optionally of one variant and only failed, wrong or correct rows.
 * `after` is the id of the last result of the previous page.
 */
export async function listResults(
  db: Db,
  actor: Actor,
  experimentId: string,
  options: { variantId?: string; filter: ResultFilter; after?: string; limit: number },
) {
  await assertExperiment(db, actor, experimentId);
  const after = options.after ? await db.experimentResult.findFirst({ where: { id: parseResultId(options.after), experimentId }, select: { position: true, id: true } }) : null;

  const results = await db.experimentResult.findMany({
    where: {
      experimentId,
      ...(options.variantId ? { variantId: options.variantId } : {}),
      ...FILTERS[options.filter],
      // Keyset pagination on (position, id), the sort order.
      ...(after ? { OR: [{ position: { gt: after.position } }, { position: after.position, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    take: options.limit + 1,
  });

  const page = results.slice(0, options.limit);
  return { results: page, nextCursor: results.length > options.limit ? (page.at(-1)?.id.toString() ?? null) : null };
}

/** Loads one result with its request and samples. */
export async function getResult(db: Db, actor: Actor, experimentId: string, resultId: string) {
  await assertExperiment(db, actor, experimentId);
  const result = await db.experimentResult.findFirst({ where: { id: parseResultId(resultId), experimentId } });
  if (!result) throw new AppError("NOT_FOUND", "No such result in this experiment", { reason: "experiments.result_not_found" });
  return result;
}

function parseResultId(value: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw new AppError("NOT_FOUND", "No such result in this experiment", { reason: "experiments.result_not_found" });
  return BigInt(value);
}
