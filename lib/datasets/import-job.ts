import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Logger } from "@/lib/log";
import { PermanentJobError } from "@/lib/queue/run-job";
import { pathOfKey } from "@/lib/storage/local";
import { toSafeErrorText } from "@/lib/system/error-text";
import { DEFAULT_TOKEN_LIMIT, MAX_STORED_ISSUES, readFixes, readImportMapping, type ImportMapping } from "./import-state";
import { checkRecords, peekRecords, type CheckedRecord } from "./import-records";
import { createImageResolver } from "./media";
import { suggestFormat } from "./format-hint";
import { createGarbagePacer } from "./memory";
import { RAW_PREVIEW_CHARS, SourceFileError, type DatasetType, type RowIssue } from "./model";
import { openSource, type SourceReader } from "./parse";
import { CancelledError, createThrottledReporter } from "./progress";
import { newRowKey } from "./row-hash";
import { iterateRows } from "./rows-read";
import { createRowWriter, deleteBuildingVersion, deleteVersionRows } from "./rows-write";
import { createStatsAccumulator } from "./transform/stats";
import { countTokens, detectDataset, type ValidationContext } from "./validate";
import { finalizeVersion } from "./versions";

export type ImportJobContext = { db: Db; log: Logger; attempt: number; maxAttempts: number; mediaRoot?: string };

type LoadedImport = NonNullable<Awaited<ReturnType<typeof loadImport>>>;

function loadImport(db: Db, importId: string) {
  return db.datasetImport.findUnique({ where: { id: importId }, include: { dataset: true } });
}

/** Entry of the datasets.import queue: runs one phase and turns every failure into a visible import state. */
export async function runImportJob(context: ImportJobContext, importId: string, phase: "analyze" | "commit"): Promise<void> {
  const found = await loadImport(context.db, importId);
  if (!found) return;

  // A job whose import has moved on (re-configured, cancelled, finished) is stale and does nothing.
  const expected = phase === "analyze" ? ["queued", "analyzing"] : ["importing"];
  if (!expected.includes(found.status)) return;

  try {
    if (found.cancelRequested) throw new CancelledError();
    if (phase === "analyze") await analyzeImport(context, found);
    else await commitImportRows(context, found);
  } catch (error) {
    await settleFailure(context, found, error);
  }
}

async function settleFailure(context: ImportJobContext, found: LoadedImport, error: unknown) {
  const { db } = context;
  const current = await db.datasetImport.findUnique({ where: { id: found.id } });
  const versionId = current?.versionId;
  const dropVersion = async () => {
    if (versionId) await deleteBuildingVersion(db, versionId);
  };

  if (error instanceof CancelledError) {
    await dropVersion();
    await db.datasetImport.update({ where: { id: found.id }, data: { status: "cancelled", versionId: null } });
    return;
  }

  const permanent = error instanceof SourceFileError;
  if (!permanent && context.attempt < context.maxAttempts) {
    context.log.warn({ importId: found.id, error: toSafeErrorText(error) }, "datasets.import.retrying");
    throw error;
  }

  await dropVersion();
  const failure = error instanceof SourceFileError ? { code: error.code, params: error.params } : { code: "internal", params: {} };
  const report = { ...((current?.report as Record<string, unknown> | null) ?? {}), failure };
  await db.datasetImport.update({
    where: { id: found.id },
    data: { status: "failed", versionId: null, error: error instanceof Error ? error.message.slice(0, 1_000) : String(error), report: report as Prisma.InputJsonValue },
  });
  if (!permanent) throw new PermanentJobError(`Import ${found.id} failed after ${context.attempt} attempts`, { cause: error });
}

async function openImportSource(db: Db, found: LoadedImport): Promise<SourceReader> {
  const file = await db.storedFile.findUnique({ where: { id: found.fileId } });
  if (!file) throw new SourceFileError("file_missing", "The uploaded file is gone; upload it again");
  return openSource(pathOfKey(file.storageKey), {
    filename: file.filename,
    ...(found.format && { format: found.format as never }),
    ...(found.encoding && { encoding: found.encoding }),
    ...(found.sheet && { sheet: found.sheet }),
  });
}

function validationContextOf(found: LoadedImport, mapping: ImportMapping, mediaRoot?: string): ValidationContext {
  return {
    type: mapping.type,
    mapping: mapping.fields,
    labelSet: found.dataset.labelSet,
    multiLabel: mapping.multiLabel,
    tokenLimit: found.tokenLimit ?? found.dataset.tokenLimit ?? DEFAULT_TOKEN_LIMIT,
    resolveImage: createImageResolver(mediaRoot),
  };
}

/** Picks the detected mapping unless the user chose one; a user-chosen type with no fields takes that type's best candidate. */
function chooseMapping(found: LoadedImport, samples: Record<string, unknown>[], columns: string[] | undefined) {
  const detection = detectDataset(samples, columns);
  const chosen = readImportMapping(found.mapping);
  if (chosen && Object.keys(chosen.fields).length > 0) return { detection, mapping: chosen };

  const type: DatasetType = chosen?.type ?? detection.type;
  const candidate = type === detection.type ? detection : detection.candidates.find((item) => item.type === type);
  const mapping: ImportMapping = {
    type,
    fields: candidate?.mapping ?? {},
    multiLabel: chosen?.multiLabel ?? (type === detection.type ? detection.multiLabel : false),
  };
  return { detection, mapping };
}

/** Label sets larger than this are not taken from the data; such a column is more likely free text. */
const MAX_LABEL_SET = 5_000;

/**
 * Returns the label set to store after the first classification import: the labels it contains, so later
 * edits, labelling and imports are checked against them. Adding a class later is a deliberate change.
 */
function initialLabelSet(found: LoadedImport, mapping: ImportMapping, labels: Set<string>) {
  if (mapping.type !== "classification" || found.dataset.labelSet.length > 0) return {};
  if (labels.size === 0 || labels.size > MAX_LABEL_SET) return {};
  return { labelSet: [...labels].sort((a, b) => a.localeCompare(b)) };
}

/** Warnings of an imported row become flags, so the rows table can filter the rows to check. */
function flagsOf(warnings: RowIssue[]): string[] {
  return [...new Set(warnings.map((warning) => warning.code))];
}

function countIssues(into: Record<string, number>, issues: RowIssue[]) {
  for (const issue of issues) into[issue.code] = (into[issue.code] ?? 0) + 1;
}

/** Reads the whole file once: detects type and mapping, validates every row and stores the report. Writes no rows. */
async function analyzeImport(context: ImportJobContext, found: LoadedImport) {
  const { db } = context;
  await db.datasetImport.update({ where: { id: found.id }, data: { status: "analyzing", heartbeatAt: new Date(), bytesDone: 0, rowsDone: 0 } });
  await db.datasetImportIssue.deleteMany({ where: { importId: found.id } });

  const reader = await openImportSource(db, found);
  const { samples, items } = await peekRecords(reader, 200);
  const { detection, mapping } = chooseMapping(found, samples, reader.info.columns);
  const validation = validationContextOf(found, mapping, context.mediaRoot);

  const counts = { done: 0, valid: 0, invalid: 0 };
  const issueCounts: Record<string, number> = {};
  const warningCounts: Record<string, number> = {};
  const labels = new Map<string, number>();
  const preview: { line: number; data: unknown; labels: string[]; split: string | null }[] = [];
  const rawPreview: { line: number; fields: unknown }[] = [];
  let pendingIssues: Prisma.DatasetImportIssueCreateManyInput[] = [];
  let storedIssues = 0;

  const flushIssues = async () => {
    if (pendingIssues.length === 0) return;
    await db.datasetImportIssue.createMany({ data: pendingIssues });
    pendingIssues = [];
  };
  const progress = createThrottledReporter(async () => {
    const row = await db.datasetImport.update({
      where: { id: found.id },
      data: { bytesDone: BigInt(reader.bytesRead()), rowsDone: counts.done, rowsValid: counts.valid, rowsInvalid: counts.invalid, heartbeatAt: new Date() },
      select: { cancelRequested: true },
    });
    return row.cancelRequested;
  });

  const garbage = createGarbagePacer();
  const keepIssues = (record: CheckedRecord, issues: RowIssue[]) => {
    for (const issue of issues) {
      if (storedIssues >= MAX_STORED_ISSUES) return;
      storedIssues += 1;
      pendingIssues.push({
        importId: found.id,
        line: record.line,
        field: issue.field,
        code: issue.code,
        params: (issue.params ?? {}) as Prisma.InputJsonValue,
        raw: record.raw.slice(0, RAW_PREVIEW_CHARS),
      });
    }
  };

  for await (const record of checkRecords(items, validation, readFixes(found.fixes))) {
    counts.done += 1;
    if (rawPreview.length < 10 && record.fields) rawPreview.push({ line: record.line, fields: record.fields });
    countIssues(warningCounts, record.warnings);
    if (record.ok) {
      counts.valid += 1;
      for (const label of record.row.labels) labels.set(label, (labels.get(label) ?? 0) + 1);
      if (preview.length < 10) preview.push({ line: record.line, data: record.row.data, labels: record.row.labels, split: record.row.split });
    } else {
      counts.invalid += 1;
      countIssues(issueCounts, record.issues);
      keepIssues(record, record.issues);
    }
    if (pendingIssues.length >= 500) await flushIssues();
    if (await progress.tick()) throw new CancelledError();
    garbage.tick();
  }
  await flushIssues();

  const file = await db.storedFile.findUniqueOrThrow({ where: { id: found.fileId } });
  const mostlyBroken = counts.done > 0 && counts.invalid * 2 > counts.done;
  const formatHint = mostlyBroken ? await suggestFormat(pathOfKey(file.storageKey), reader.info.format) : null;

  const report = {
    info: reader.info,
    formatHint,
    detection: { type: detection.type, confidence: detection.confidence, mapping: detection.mapping, candidates: detection.candidates },
    records: counts.done,
    issueCounts,
    warningCounts,
    storedIssues,
    labels: [...labels.entries()].sort((a, b) => b[1] - a[1]).slice(0, 500).map(([label, count]) => ({ label, count })),
    labelCount: labels.size,
    preview,
    rawPreview,
  };
  await db.datasetImport.update({
    where: { id: found.id },
    data: {
      status: "review",
      format: reader.info.format,
      encoding: reader.info.encoding,
      sheet: reader.info.sheet ?? null,
      detectedType: detection.type,
      mapping: mapping as unknown as Prisma.InputJsonValue,
      report: report as unknown as Prisma.InputJsonValue,
      bytesDone: BigInt(reader.totalBytes),
      rowsDone: counts.done,
      rowsValid: counts.valid,
      rowsInvalid: counts.invalid,
    },
  });
}

/** Writes the file's valid rows into a version that stays invisible until every row is in. */
async function commitImportRows(context: ImportJobContext, found: LoadedImport) {
  const { db } = context;
  const mapping = readImportMapping(found.mapping);
  if (!mapping) throw new PermanentJobError("The import has no type and mapping; analyse it first");

  // A retry after a crash finds the half-built version of the previous attempt and starts it over.
  if (found.versionId) await deleteVersionRows(db, found.versionId);
  const parent = await db.datasetVersion.findFirst({ where: { datasetId: found.datasetId, status: "ready" }, orderBy: { number: "desc" } });
  const version = found.versionId
    ? await db.datasetVersion.findUniqueOrThrow({ where: { id: found.versionId } })
    : await db.datasetVersion.create({
        data: {
          datasetId: found.datasetId,
          parentId: parent?.id ?? null,
          operation: "import",
          operationParams: { importId: found.id, mode: found.mode, fileId: found.fileId, type: mapping.type, mapping: mapping.fields } as Prisma.InputJsonValue,
          status: "building",
          sourceFileId: found.fileId,
          createdById: found.createdById,
        },
      });
  await db.datasetImport.update({ where: { id: found.id }, data: { versionId: version.id, attempts: { increment: 1 }, heartbeatAt: new Date() } });

  const stats = createStatsAccumulator(mapping.type, countTokens);
  const appendTo = found.mode === "append" && parent ? parent : null;
  const writer = createRowWriter(db, version.id, 0);

  const reader = await openImportSource(db, found);
  const counts = { done: 0, written: 0 };
  const progress = createThrottledReporter(async () => {
    const row = await db.datasetImport.update({
      where: { id: found.id },
      data: { bytesDone: BigInt(reader.bytesRead()), rowsDone: counts.done, heartbeatAt: new Date() },
      select: { cancelRequested: true },
    });
    return row.cancelRequested;
  });

  const validation = validationContextOf(found, mapping, context.mediaRoot);
  const garbage = createGarbagePacer();
  const seenLabels = new Set<string>();
  try {
    if (appendTo) await copyParentRows(appendTo.id);
    await writeValidRows();
  } finally {
    await writer.settle();
  }

  // Appending rewrites the parent's rows through the writer, so the content hash and statistics cover them.
  async function copyParentRows(parentId: string) {
    for await (const row of iterateRows(db, parentId)) {
      await writer.write(row);
      stats.add(row);
    }
  }

  async function writeValidRows() {
    for await (const record of checkRecords(reader.records(), validation, readFixes(found.fixes))) {
      counts.done += 1;
      garbage.tick();
      if (record.ok) {
        const rowKey = newRowKey();
        const canonical = { data: record.row.data, labels: record.row.labels, split: record.row.split, review: null, note: "" };
        const hash = await writer.write({ ...canonical, rowKey, tokens: record.row.tokens, sourceLine: record.line, flags: flagsOf(record.warnings) });
        stats.add({ ...canonical, rowKey, position: writer.count() - 1, tokens: record.row.tokens, hash });
        if (seenLabels.size <= MAX_LABEL_SET) for (const label of record.row.labels) seenLabels.add(label);
        counts.written += 1;
      }
      if (await progress.tick()) throw new CancelledError();
    }
    await writer.flush();
  }
  if (await progress.force()) throw new CancelledError();
  if (writer.count() === 0) throw new SourceFileError("no_records", "The file has no valid rows to import");

  await finalizeVersion(db, version.id, { rowCount: writer.count(), contentHash: writer.contentHash(), stats: stats.result() }, async (tx) => {
    await tx.dataset.update({
      where: { id: found.datasetId },
      data: {
        ...(found.dataset.type ? {} : { type: mapping.type, multiLabel: mapping.multiLabel }),
        ...initialLabelSet(found, mapping, seenLabels),
        updatedAt: new Date(),
      },
    });
    await tx.datasetImport.update({ where: { id: found.id }, data: { status: "completed", bytesDone: BigInt(reader.totalBytes), rowsDone: counts.done } });
  });
  context.log.info({ importId: found.id, versionId: version.id, rows: writer.count() }, "datasets.import.completed");
}
