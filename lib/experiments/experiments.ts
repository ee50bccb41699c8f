import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { getVersion } from "@/lib/datasets/versions";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { DEFAULT_EXPECTED_FIELD, ROW_FIELDS } from "./row-fields";
import { countExperimentRows } from "./rows";
import type { CreateExperimentInput, ExperimentConfig } from "./schemas";
import { planVariants } from "./variant-plan";

const ACTIVE_STATUSES = ["queued", "running"];
const FINISHED_STATUSES = ["completed", "failed", "cancelled"];

function notFound(): AppError {
  return new AppError("NOT_FOUND", "No such experiment in this workspace", { reason: "experiments.not_found" });
}

/**
 * Creates an experiment over a ready dataset version and queues its run. Every variant is checked first:
 * the prompt version and model exist, self-consistency stays within LUODI_MAX_SAMPLES, and every template
 * variable gets a value from the input mapping.
 */
export async function createExperiment(db: Db, enqueue: Enqueue, actor: Actor, input: CreateExperimentInput) {
  const version = await getVersion(db, actor, input.datasetVersionId, { allowDraft: false });
  const type = version.dataset.type;
  if (!type) throw new AppError("INVALID_INPUT", "The dataset has no type yet; import rows first", { reason: "experiments.dataset_without_type" });

  const expectedField = input.expectedField ?? DEFAULT_EXPECTED_FIELD[type];
  if (!expectedField) {
    throw new AppError("INVALID_INPUT", `Choose the row field that holds the expected answer (${ROW_FIELDS[type].join(", ")})`, {
      reason: "experiments.expected_field_required",
      params: { fields: ROW_FIELDS[type].join(", ") },
      fieldErrors: { expectedField: ["Required for this dataset type"] },
    });
  }
  for (const [field, where] of [[expectedField, "expectedField"], ...Object.entries(input.mapping).map(([name, value]) => [value, `mapping.${name}`])] as const) {
    if (!ROW_FIELDS[type].includes(field)) {
      throw new AppError("INVALID_INPUT", `Rows of a ${type} dataset have no field "${field}"; use one of ${ROW_FIELDS[type].join(", ")}`, {
        reason: "experiments.unknown_field",
        params: { field, fields: ROW_FIELDS[type].join(", ") },
        fieldErrors: { [where]: ["Unknown row field"] },
      });
    }
  }

  const totalRows = await countExperimentRows(db, version.id, input.split, input.rowLimit);
  if (totalRows === 0) {
    throw new AppError("INVALID_INPUT", `Version ${version.number} has no rows in the ${input.split} split; choose another split`, {
      reason: "experiments.no_rows",
      params: { split: input.split, version: version.number ?? 0 },
      fieldErrors: { split: ["No rows in this split"] },
    });
  }

  const variants = await planVariants(db, actor.workspaceId, input, type);
  const config: ExperimentConfig = {
    split: input.split,
    rowLimit: input.rowLimit,
    mapping: input.mapping,
    expectedField,
    scoring: input.scoring,
    concurrency: input.concurrency,
  };
  const totalCalls = totalRows * variants.reduce((sum, variant) => sum + variant.samples, 0);

  const experiment = await db.experiment.create({
    data: {
      workspaceId: actor.workspaceId,
      name: input.name,
      datasetVersionId: version.id,
      config: config as unknown as Prisma.InputJsonValue,
      totalRows,
      totalCalls,
      createdById: actor.userId,
      variants: {
        create: variants.map((variant) => ({
          position: variant.position,
          label: variant.label,
          promptVersionId: variant.promptVersionId,
          strategy: variant.strategy as unknown as Prisma.InputJsonValue,
          modelId: variant.modelId,
        })),
      },
    },
  });
  await enqueue("prompts.experiment", { experimentId: experiment.id });

  const audit: AuditEntry = {
    action: "experiments.create",
    targetType: "experiment",
    targetId: experiment.id,
    changes: { name: input.name, datasetVersionId: version.id, variants: variants.length, totalRows, totalCalls },
  };
  return { experiment, audit };
}

/** The workspace's experiments, newest first, with their dataset's name and version number. */
export async function listExperiments(db: Db, actor: Actor, options: { limit?: number; before?: string } = {}) {
  const limit = Math.min(options.limit ?? 50, 200);
  const cursor = options.before ? await db.experiment.findFirst({ where: { id: options.before, workspaceId: actor.workspaceId }, select: { createdAt: true } }) : null;
  const experiments = await db.experiment.findMany({
    where: { workspaceId: actor.workspaceId, ...(cursor ? { createdAt: { lt: cursor.createdAt } } : {}) },
    orderBy: { createdAt: "desc" },
    take: limit + 1,
    include: { _count: { select: { variants: true } } },
  });

  const page = experiments.slice(0, limit);
  const datasets = await datasetNames(db, page.map((experiment) => experiment.datasetVersionId));
  return {
    experiments: page.map(({ _count, ...experiment }) => ({ ...experiment, variantCount: _count.variants, dataset: datasets.get(experiment.datasetVersionId) ?? null })),
    nextCursor: experiments.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Loads one experiment of the workspace with its variants (and their summaries) and its dataset. */
export async function getExperiment(db: Db, actor: Actor, experimentId: string) {
  const experiment = await db.experiment.findFirst({
    where: { id: experimentId, workspaceId: actor.workspaceId },
    include: { variants: { orderBy: { position: "asc" } } },
  });
  if (!experiment) throw notFound();

  const datasets = await datasetNames(db, [experiment.datasetVersionId]);
  const models = await db.providerModel.findMany({ where: { id: { in: experiment.variants.map((variant) => variant.modelId) } }, select: { id: true, name: true, displayName: true } });
  const modelNames = new Map(models.map((model) => [model.id, model.displayName || model.name]));
  return {
    ...experiment,
    dataset: datasets.get(experiment.datasetVersionId) ?? null,
    variants: experiment.variants.map((variant) => ({ ...variant, modelName: modelNames.get(variant.modelId) ?? null })),
  };
}

async function datasetNames(db: Db, versionIds: string[]) {
  const versions = await db.datasetVersion.findMany({
    where: { id: { in: [...new Set(versionIds)] } },
    select: { id: true, number: true, dataset: { select: { id: true, name: true, type: true } } },
  });
  return new Map(versions.map((version) => [version.id, { datasetId: version.dataset.id, name: version.dataset.name, type: version.dataset.type, versionNumber: version.number }]));
}

/**
 * Cancels an experiment. A queued one is cancelled at once. A running one gets `cancelRequested`, so its
 * runner finishes the rows in flight, takes no more and marks it cancelled.
 */
export async function cancelExperiment(db: Db, actor: Actor, experimentId: string) {
  const experiment = await db.experiment.findFirst({ where: { id: experimentId, workspaceId: actor.workspaceId } });
  if (!experiment) throw notFound();
  if (!ACTIVE_STATUSES.includes(experiment.status)) {
    throw new AppError("CONFLICT", `The experiment is already ${experiment.status}`, { reason: "experiments.not_active", params: { status: experiment.status } });
  }

  // Compare-and-set on the status, so a runner that just started is never overwritten with "cancelled".
  await db.experiment.updateMany({ where: { id: experimentId, status: "queued" }, data: { status: "cancelled", cancelRequested: true, finishedAt: new Date() } });
  await db.experiment.updateMany({ where: { id: experimentId, status: "running" }, data: { cancelRequested: true } });

  const updated = await db.experiment.findUniqueOrThrow({ where: { id: experimentId } });
  const audit: AuditEntry = { action: "experiments.cancel", targetType: "experiment", targetId: experimentId, changes: { status: { from: experiment.status, to: updated.status } } };
  return { experiment: updated, audit };
}

/** Deletes the failed rows of a finished experiment and queues it again; the runner redoes them and any row a cancel left out. */
export async function rerunFailedRows(db: Db, enqueue: Enqueue, actor: Actor, experimentId: string) {
  const experiment = await db.experiment.findFirst({ where: { id: experimentId, workspaceId: actor.workspaceId } });
  if (!experiment) throw notFound();
  if (!FINISHED_STATUSES.includes(experiment.status)) {
    throw new AppError("CONFLICT", "Wait for the experiment to finish before rerunning its failed rows", { reason: "experiments.still_running" });
  }

  // Rows of a cancelled run that never ran are redone too, since the runner skips only stored results.
  await db.experimentResult.deleteMany({ where: { experimentId, status: "error" } });
  const expected = experiment.totalRows * (await db.experimentVariant.count({ where: { experimentId } }));
  const missing = expected - (await db.experimentResult.count({ where: { experimentId } }));
  if (missing <= 0) {
    throw new AppError("CONFLICT", "The experiment has no failed or unfinished rows to rerun", { reason: "experiments.nothing_to_rerun" });
  }

  const updated = await db.experiment.update({
    where: { id: experimentId },
    data: { status: "queued", cancelRequested: false, error: null, finishedAt: null },
  });
  await enqueue("prompts.experiment", { experimentId });
  const audit: AuditEntry = { action: "experiments.rerun_failed", targetType: "experiment", targetId: experimentId, changes: { rows: missing } };
  return { experiment: updated, audit };
}
