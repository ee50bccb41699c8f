import type { Split } from "@/lib/datasets/model";
import { hashRow, newRowKey } from "@/lib/datasets/row-hash";
import { iterateRows } from "@/lib/datasets/rows-read";
import { createRowWriter, deleteBuildingVersion } from "@/lib/datasets/rows-write";
import { assignSplits } from "@/lib/datasets/transform/split";
import { createStatsAccumulator } from "@/lib/datasets/transform/stats";
import { countTokens } from "@/lib/datasets/validate";
import { finalizeVersion } from "@/lib/datasets/versions";
import type { Db } from "@/lib/db/client";
import type { GatewayFile, Prisma } from "@/lib/db/generated/client";
import { invalidRequest } from "../respond";

/** Operation name of the versions built here, so a later job with the same files and seed reuses one. */
const OPERATION = "fine_tuning_files";

/** Share of the training file's rows held out for validation when the job names no validation file. */
const HOLDOUT_SHARE = 0.1;

type TrainingFiles = { training: GatewayFile; validation: GatewayFile | null; seed: number; createdById: string | null };

type OperationParams = { trainingFileId: string; validationFileId: string | null; seed: number | null };

/**
 * Returns a ready version of the training file's dataset whose train split is the training file's rows
 * and whose validation split is the validation file's rows. Without a validation file, a seeded 10% of
 * the training rows (at least one) becomes the validation split. Versions are immutable, so one built
 * earlier for the same files (and seed, when it decides the split) is reused.
 */
export async function buildTrainingVersion(db: Db, files: TrainingFiles): Promise<string> {
  const { training, validation } = files;
  if (!training.datasetId || !training.datasetVersionId) throw notProcessed(training, "training_file");
  if (validation && !validation.datasetVersionId) throw notProcessed(validation, "validation_file");

  const params: OperationParams = { trainingFileId: training.externalId, validationFileId: validation?.externalId ?? null, seed: validation ? null : files.seed };
  const existing = await findExisting(db, training.datasetId, params);
  if (existing) return existing;

  const assignment = validation ? null : await holdOutValidation(db, training, files.seed);
  const version = await db.datasetVersion.create({
    data: {
      datasetId: training.datasetId,
      parentId: training.datasetVersionId,
      operation: OPERATION,
      operationParams: params as unknown as Prisma.InputJsonValue,
      status: "building",
      createdById: files.createdById,
      message: validation ? `Training rows of ${training.externalId}, validation rows of ${validation.externalId}` : `Training rows of ${training.externalId}, ${HOLDOUT_SHARE * 100}% held out for validation (seed ${files.seed})`,
    },
  });

  try {
    const writer = createRowWriter(db, version.id);
    const stats = createStatsAccumulator("chat", countTokens);
    const write = async (row: Parameters<typeof hashRow>[0] & { rowKey: string; tokens: number; flags: string[]; sourceLine: number | null }) => {
      const hash = hashRow(row);
      await writer.write({ ...row, hash });
      stats.add({ ...row, hash, position: writer.count() - 1 });
    };

    for await (const row of iterateRows(db, training.datasetVersionId)) {
      await write({ ...row, split: assignment ? (assignment.get(row.rowKey) ?? "train") : "train" });
    }
    // Rows of another version get new keys, so the same file given twice cannot repeat a key.
    if (validation?.datasetVersionId) {
      for await (const row of iterateRows(db, validation.datasetVersionId)) await write({ ...row, rowKey: newRowKey(), split: "validation" });
    }
    await writer.flush();

    const ready = await finalizeVersion(db, version.id, { rowCount: writer.count(), contentHash: writer.contentHash(), stats: stats.result() });
    return ready.id;
  } catch (error) {
    await deleteBuildingVersion(db, version.id);
    throw error;
  }
}

async function findExisting(db: Db, datasetId: string, params: OperationParams): Promise<string | null> {
  const candidates = await db.datasetVersion.findMany({ where: { datasetId, operation: OPERATION, status: "ready" }, select: { id: true, operationParams: true }, orderBy: { createdAt: "desc" } });
  const expected = JSON.stringify(params);
  const match = candidates.find((candidate) => {
    const stored = candidate.operationParams as OperationParams | null;
    return stored !== null && JSON.stringify({ trainingFileId: stored.trainingFileId, validationFileId: stored.validationFileId, seed: stored.seed }) === expected;
  });
  return match?.id ?? null;
}

/** Assigns a seeded 10% of the training rows (at least one) to validation and the rest to train. */
async function holdOutValidation(db: Db, training: GatewayFile, seed: number): Promise<Map<string, Split>> {
  const keys: { rowKey: string; labels: string[] }[] = [];
  for await (const row of iterateRows(db, training.datasetVersionId!)) keys.push({ rowKey: row.rowKey, labels: [] });
  if (keys.length < 2) {
    throw invalidRequest(
      `The training file ${training.externalId} has ${keys.length} ${keys.length === 1 ? "example" : "examples"}, and without a validation file Luodi holds out 10% of the training examples (at least one) for validation. Add examples, or upload a validation file and pass it as validation_file.`,
      "training_file",
      "too_few_examples",
    );
  }
  const heldOut = Math.max(1, Math.round(keys.length * HOLDOUT_SHARE));
  const validationShare = heldOut / keys.length;
  return assignSplits(keys, { ratios: { train: 1 - validationShare, validation: validationShare, test: 0 }, seed, stratify: false });
}

function notProcessed(file: GatewayFile, param: string) {
  return invalidRequest(`The file ${file.externalId} was not imported (status ${file.status}), so it cannot be trained on. Upload it again.`, param, "file_not_processed");
}
