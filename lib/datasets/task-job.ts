import { Readable } from "node:stream";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Logger } from "@/lib/log";
import { PermanentJobError } from "@/lib/queue/run-job";
import { writeBlob } from "@/lib/storage/local";
import { toSafeErrorText } from "@/lib/system/error-text";
import type { DatasetType, Split } from "./model";
import { createThrottledReporter } from "./progress";
import { hashRow } from "./row-hash";
import { iterateRows } from "./rows-read";
import { createRowWriter, deleteBuildingVersion } from "./rows-write";
import { cleanConfigInput, exportInput, splitConfigInput } from "./schemas";
import type { TaskKind } from "./tasks";
import { createCleaner } from "./transform/clean";
import { createExportWriter } from "./transform/export";
import { assignSplits } from "./transform/split";
import { createStatsAccumulator } from "./transform/stats";
import { countTokens } from "./validate";
import { finalizeVersion, summarizeVersion } from "./versions";

export type TaskJobContext = { db: Db; log: Logger; attempt: number; maxAttempts: number };

type LoadedTask = NonNullable<Awaited<ReturnType<typeof loadTask>>>;

function loadTask(db: Db, taskId: string) {
  return db.datasetTask.findUnique({ where: { id: taskId }, include: { dataset: true } });
}

/** Entry of the datasets.task queue. */
export async function runTaskJob(context: TaskJobContext, taskId: string): Promise<void> {
  const task = await loadTask(context.db, taskId);
  if (!task || (task.status !== "queued" && task.status !== "running")) return;
  await context.db.datasetTask.update({ where: { id: taskId }, data: { status: "running", progress: 0, error: null } });

  try {
    const outcome = await runTaskKind(context, task);
    await context.db.datasetTask.update({
      where: { id: taskId },
      data: { status: "completed", progress: 1, result: (outcome.result ?? null) as Prisma.InputJsonValue, resultVersionId: outcome.versionId ?? null, fileId: outcome.fileId ?? null },
    });
  } catch (error) {
    const last = error instanceof PermanentJobError || context.attempt >= context.maxAttempts;
    if (!last) {
      context.log.warn({ taskId, error: toSafeErrorText(error) }, "datasets.task.retrying");
      throw error;
    }
    await context.db.datasetTask.update({ where: { id: taskId }, data: { status: "failed", error: error instanceof Error ? error.message.slice(0, 1_000) : String(error) } });
    throw error instanceof PermanentJobError ? error : new PermanentJobError(`Dataset task ${taskId} failed`, { cause: error });
  }
}

type Outcome = { result?: unknown; versionId?: string; fileId?: string };

function runTaskKind(context: TaskJobContext, task: LoadedTask): Promise<Outcome> {
  const kind = task.kind as TaskKind;
  switch (kind) {
    case "clean_preview":
      return previewClean(context, task);
    case "clean":
      return applyClean(context, task);
    case "split":
      return applySplit(context, task);
    case "export":
      return exportVersion(context, task);
    case "save_draft":
      return saveDraft(context, task);
  }
}

/** Returns the version message the user gave with the task, or an empty string. */
function messageOf(task: LoadedTask): string {
  const { message } = task.params as { message?: unknown };
  return typeof message === "string" ? message : "";
}

function typeOf(task: LoadedTask): DatasetType {
  if (!task.dataset.type) throw new PermanentJobError("The dataset has no type yet");
  return task.dataset.type;
}

async function sourceRowCount(db: Db, versionId: string) {
  const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
  return Math.max(version.rowCount, 1);
}

function progressReporter(db: Db, taskId: string, total: number) {
  let done = 0;
  const reporter = createThrottledReporter(async () => {
    await db.datasetTask.update({ where: { id: taskId }, data: { progress: Math.min(1, done / total) } });
    return false;
  });
  return { async step() { done += 1; await reporter.tick(); } };
}

/**
 * Starts a new building version derived from the task's source version; a retry first removes what the
 * previous attempt wrote.
 */
async function startDerivedVersion(db: Db, task: LoadedTask, operation: string, params: unknown) {
  const stale = await db.datasetVersion.findMany({ where: { datasetId: task.datasetId, status: "building", operationParams: { path: ["taskId"], equals: task.id } } });
  for (const version of stale) await deleteBuildingVersion(db, version.id);
  return db.datasetVersion.create({
    data: {
      datasetId: task.datasetId,
      parentId: task.versionId,
      operation,
      operationParams: { taskId: task.id, ...(params as object) } as Prisma.InputJsonValue,
      status: "building",
      createdById: task.createdById,
      message: messageOf(task),
    },
  });
}

const PREVIEW_LIMIT = 500;

async function previewClean(context: TaskJobContext, task: LoadedTask): Promise<Outcome> {
  const config = cleanConfigInput.parse(task.params);
  const cleaner = createCleaner(config, countTokens);
  const progress = progressReporter(context.db, task.id, await sourceRowCount(context.db, task.versionId));
  const changes: unknown[] = [];
  for await (const row of iterateRows(context.db, task.versionId)) {
    const decision = cleaner.decide(row);
    if (decision.action !== "keep" && changes.length < PREVIEW_LIMIT) changes.push({ rowKey: row.rowKey, position: row.position, before: row.data, ...decision });
    await progress.step();
  }
  return { result: { summary: cleaner.summary(), changes, config } };
}

async function applyClean(context: TaskJobContext, task: LoadedTask): Promise<Outcome> {
  const { db } = context;
  const type = typeOf(task);
  const config = cleanConfigInput.parse(task.params);
  const cleaner = createCleaner(config, countTokens);
  const version = await startDerivedVersion(db, task, "clean", { config });
  const writer = createRowWriter(db, version.id);
  const stats = createStatsAccumulator(type, countTokens);
  const progress = progressReporter(db, task.id, await sourceRowCount(db, task.versionId));

  for await (const row of iterateRows(db, task.versionId)) {
    const decision = cleaner.decide(row);
    await progress.step();
    if (decision.action === "drop") continue;
    // A cleaned row carries a flag per kind of change (cleaned:pii, cleaned:whitespace, cleaned:full_width),
    // so the rows table can list what the cleaning touched.
    const next =
      decision.action === "modify"
        ? { ...row, data: decision.data, tokens: decision.tokens, flags: [...new Set([...row.flags, ...decision.changes.map((change) => `cleaned:${change.kind}`)])] }
        : row;
    const hash = decision.action === "modify" ? hashRow(next) : row.hash;
    await writer.write({ ...next, hash });
    stats.add({ ...next, hash, position: writer.count() - 1 });
  }
  await writer.flush();

  const ready = await finalizeVersion(db, version.id, { rowCount: writer.count(), contentHash: writer.contentHash(), stats: stats.result() });
  return { versionId: ready.id, result: { summary: cleaner.summary(), versionNumber: ready.number } };
}

async function applySplit(context: TaskJobContext, task: LoadedTask): Promise<Outcome> {
  const { db } = context;
  const type = typeOf(task);
  const config = splitConfigInput.parse(task.params);
  const total = await sourceRowCount(db, task.versionId);

  // Splitting needs every row key up front; keys and labels are small, so this stays far below the rows' size.
  const keys: { rowKey: string; labels: string[] }[] = [];
  for await (const row of iterateRows(db, task.versionId)) keys.push({ rowKey: row.rowKey, labels: row.labels });
  let assignment: Map<string, Split>;
  try {
    assignment = assignSplits(keys, config);
  } catch (error) {
    throw new PermanentJobError(error instanceof Error ? error.message : String(error));
  }

  const version = await startDerivedVersion(db, task, "split", config);
  const writer = createRowWriter(db, version.id);
  const stats = createStatsAccumulator(type, countTokens);
  const progress = progressReporter(db, task.id, total);
  for await (const row of iterateRows(db, task.versionId)) {
    const next = { ...row, split: assignment.get(row.rowKey) ?? null };
    const hash = hashRow(next);
    await writer.write({ ...next, hash });
    stats.add({ ...next, hash, position: writer.count() - 1 });
    await progress.step();
  }
  await writer.flush();

  const ready = await finalizeVersion(db, version.id, { rowCount: writer.count(), contentHash: writer.contentHash(), stats: stats.result() });
  return { versionId: ready.id, result: { versionNumber: ready.number, perSplit: stats.result().perSplit } };
}

async function exportVersion(context: TaskJobContext, task: LoadedTask): Promise<Outcome> {
  const { db } = context;
  const type = typeOf(task);
  const params = exportInput.parse(task.params);
  const writer = createExportWriter(type, params.format);
  const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: task.versionId } });
  const progress = progressReporter(db, task.id, Math.max(version.rowCount, 1));
  const selectedSplits = params.splits ? new Set(params.splits) : null;
  let rows = 0;

  async function* lines(): AsyncGenerator<Buffer> {
    const header = writer.header();
    if (header) yield Buffer.from(header);
    let chunk: string[] = [];
    for await (const row of iterateRows(db, task.versionId)) {
      await progress.step();
      if (selectedSplits && !selectedSplits.has(row.split ?? "none")) continue;
      chunk.push(writer.line(row));
      rows += 1;
      if (chunk.length >= 1_000) {
        yield Buffer.from(chunk.join(""));
        chunk = [];
      }
    }
    if (chunk.length) yield Buffer.from(chunk.join(""));
  }

  // ExportWriter names the extension without its dot ("jsonl"); storage keys and file names need ".jsonl".
  const extension = `.${writer.extension.replace(/^\./, "")}`;
  const blob = await writeBlob(Readable.from(lines()), { folder: "exports", extension, limitBytes: Number.MAX_SAFE_INTEGER });
  const safeName = task.dataset.name.replace(/[^\p{L}\p{N}_-]+/gu, "_").slice(0, 80) || "dataset";
  const file = await db.storedFile.create({
    data: {
      workspaceId: task.dataset.workspaceId,
      storageKey: blob.key,
      filename: `${safeName}-v${version.number}-${params.format}${extension}`,
      contentType: writer.contentType,
      size: BigInt(blob.size),
      sha256: blob.sha256,
      purpose: "dataset-export",
      createdById: task.createdById,
    },
  });
  return { fileId: file.id, result: { rows, bytes: blob.size, filename: file.filename, format: params.format } };
}

async function saveDraft(context: TaskJobContext, task: LoadedTask): Promise<Outcome> {
  const { db } = context;
  const draft = await db.datasetVersion.findUnique({ where: { id: task.versionId } });
  if (!draft || draft.status !== "draft") throw new PermanentJobError("The draft was discarded or already saved");
  const summary = await summarizeVersion(db, draft.id, typeOf(task));
  const ready = await finalizeVersion(db, draft.id, summary, async (tx) => {
    await tx.datasetVersion.update({ where: { id: draft.id }, data: { message: messageOf(task) } });
  });
  return { versionId: ready.id, result: { versionNumber: ready.number } };
}
