import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import type { ChatMessage, RowData } from "@/lib/datasets/model";
import { iterateRows, type StoredRow } from "@/lib/datasets/rows-read";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { FineTuneTaskName } from "./hyperparameters";

/*
 * Writes a dataset version's splits as the JSONL files the trainer reads (trainer/luodi_trainer/
 * dataset_files.py): chat rows as {"messages": [{role, content}]} and classification rows as
 * {"text", "label"}. Rows without a split and rows a reviewer rejected are left out. Versions are
 * immutable, so the files are written once per version and task and reused by every job and plan.
 */

export const TRAINING_SPLITS = ["train", "validation", "test"] as const;
export type TrainingSplit = (typeof TRAINING_SPLITS)[number];

export type SplitFiles = { train: string; validation: string; test: string | null; rows: Record<TrainingSplit, number> };

/** A row the trainer could not read; the job fails with code bad_row and this message. */
export class DatasetRowError extends Error {
  constructor(
    message: string,
    readonly rowKey: string,
  ) {
    super(message);
    this.name = "DatasetRowError";
  }
}

export function finetuneRoot(): string {
  return path.resolve(env().LUODI_DATA_DIR, "finetune");
}

/** Rows per split that training uses: reviewed-rejected rows are excluded, as in the export. */
export async function countTrainingRows(db: Db, versionId: string): Promise<Record<TrainingSplit, number>> {
  const rows = await db.$queryRaw<{ split: string; count: bigint }[]>`
    SELECT split, count(*) AS count FROM "DatasetRow"
    WHERE "versionId" = ${versionId} AND split IS NOT NULL AND review IS DISTINCT FROM 'rejected'
    GROUP BY split`;
  const counts: Record<TrainingSplit, number> = { train: 0, validation: 0, test: 0 };
  for (const row of rows) if ((TRAINING_SPLITS as readonly string[]).includes(row.split)) counts[row.split as TrainingSplit] = Number(row.count);
  return counts;
}

/** Distinct labels of a version's usable rows, sorted, for a dataset without a declared label set. */
export async function distinctLabels(db: Db, versionId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ label: string }[]>`
    SELECT DISTINCT unnest(labels) AS label FROM "DatasetRow"
    WHERE "versionId" = ${versionId} AND split IS NOT NULL AND review IS DISTINCT FROM 'rejected'
    ORDER BY label`;
  return rows.map((row) => row.label);
}

function messageText(message: ChatMessage, row: StoredRow, index: number): string {
  if (typeof message.content === "string") return message.content;
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type !== "text") {
      throw new DatasetRowError(`Row ${row.rowKey} (position ${row.position}): message ${index} contains an image, and fine-tuning trains on text only; remove the image or the row`, row.rowKey);
    }
    texts.push(part.text);
  }
  return texts.join("\n");
}

function trainerRecord(task: FineTuneTaskName, row: StoredRow): Record<string, unknown> {
  const data = row.data as RowData;
  if (task === "chat_sft") {
    const messages = (data as { messages: ChatMessage[] }).messages.map((message, index) => ({ role: message.role, content: messageText(message, row, index) }));
    return { messages };
  }
  return { text: (data as { text: string }).text, label: row.labels[0] ?? null };
}

async function exists(target: string): Promise<boolean> {
  return stat(target).then(() => true, () => false);
}

/**
 * Exports the version's splits for `task` and returns the file paths with their row counts. The files are
 * written into a temporary folder that is renamed into place, so a reader never sees a partial export.
 */
export async function exportSplits(db: Db, versionId: string, task: FineTuneTaskName): Promise<SplitFiles> {
  const folder = path.join(finetuneRoot(), "datasets", `${versionId}-${task}`);
  const fileOf = (split: TrainingSplit) => path.join(folder, `${split}.jsonl`);
  const countsFile = path.join(folder, "rows.json");

  if (!(await exists(countsFile))) {
    const staging = `${folder}.tmp-${process.pid}-${Date.now()}`;
    await mkdir(staging, { recursive: true });
    try {
      const counts = await writeSplitFiles(db, versionId, task, staging);
      await writeFile(path.join(staging, "rows.json"), JSON.stringify(counts));
      await rename(staging, folder).catch(async (error: NodeJS.ErrnoException) => {
        // Another process exported the same version first; its files are identical.
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  const rows = JSON.parse(await readFile(countsFile, "utf8")) as Record<TrainingSplit, number>;
  return { train: fileOf("train"), validation: fileOf("validation"), test: rows.test > 0 ? fileOf("test") : null, rows };
}

async function writeSplitFiles(db: Db, versionId: string, task: FineTuneTaskName, folder: string): Promise<Record<TrainingSplit, number>> {
  const streams = Object.fromEntries(TRAINING_SPLITS.map((split) => [split, createWriteStream(path.join(folder, `${split}.jsonl`))])) as Record<TrainingSplit, ReturnType<typeof createWriteStream>>;
  const counts: Record<TrainingSplit, number> = { train: 0, validation: 0, test: 0 };
  try {
    for await (const row of iterateRows(db, versionId)) {
      if (row.review === "rejected" || row.split === null) continue;
      const stream = streams[row.split];
      if (!stream.write(`${JSON.stringify(trainerRecord(task, row))}\n`)) await once(stream, "drain");
      counts[row.split] += 1;
    }
  } finally {
    await Promise.all(Object.values(streams).map((stream) => new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())))));
  }
  return counts;
}
