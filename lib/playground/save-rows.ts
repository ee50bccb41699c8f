import { Readable } from "node:stream";
import { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { createDataset, getDataset } from "@/lib/datasets/datasets";
import { commitImport, createImport } from "@/lib/datasets/imports";
import { createDatasetInput } from "@/lib/datasets/schemas";
import { storeUpload } from "@/lib/datasets/uploads";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/queue/producer";
import { chatMessageInput, PLAYGROUND_LIMITS } from "./input";

/**
 * Saves a playground conversation as chat rows of a dataset. Each answer becomes one row: the system prompt
 * and turns followed by that answer as the assistant turn. The rows go through the dataset import machinery
 * in "append" mode (upload, analysis by the worker, commit), so they are validated like any imported file
 * and land in a new dataset version that keeps the earlier rows.
 */

export const saveRowsInput = z
  .object({
    datasetId: z.string().trim().min(1).max(100).optional().describe("An existing chat dataset to append to"),
    newDatasetName: createDatasetInput.shape.name.optional().describe("Name of a new dataset to create instead"),
    messages: z.array(chatMessageInput).min(1).max(PLAYGROUND_LIMITS.messages).describe("System prompt and turns, ending with the user turn the answers reply to"),
    answers: z.array(z.string().min(1, "An answer is empty").max(PLAYGROUND_LIMITS.textChars)).min(1).max(4).describe("One answer per pane; each becomes a row"),
  })
  .strict()
  .refine((input) => (input.datasetId === undefined) !== (input.newDatasetName === undefined), {
    message: "Give either datasetId or newDatasetName",
    path: ["datasetId"],
  })
  .refine((input) => input.messages.at(-1)?.role === "user", {
    message: "The conversation must end with the user turn that the answers reply to",
    path: ["messages"],
  });

export type SaveRowsInput = z.output<typeof saveRowsInput>;

/** How long saving waits for the worker's analysis before handing the import back unfinished. */
const ANALYSIS_WAIT_MS = 60_000;
const ANALYSIS_POLL_MS = 250;

export type SaveRowsResult = {
  datasetId: string;
  importId: string;
  rows: number;
  /**
   * Outcome so far. importing: committed, and the version is being written (follow the import for progress).
   * review: the analysis found invalid rows or did not finish in time, so the user reviews the import.
   * failed: the analysis failed, see `error`.
   */
  status: "importing" | "review" | "failed";
  rowsInvalid: number;
  error: string | null;
};

async function chatDataset(db: Db, actor: Actor, input: SaveRowsInput, audits: AuditEntry[]) {
  if (input.newDatasetName !== undefined) {
    const { dataset, audit } = await createDataset(db, actor, { name: input.newDatasetName, description: "", labelSet: [], multiLabel: false, tokenLimit: null });
    audits.push(audit);
    return dataset;
  }

  const dataset = await getDataset(db, actor, input.datasetId!);
  if (dataset.type !== null && dataset.type !== "chat") {
    throw new AppError("CONFLICT", `Dataset "${dataset.name}" contains ${dataset.type} rows; choose a chat dataset or create a new one`, {
      reason: "playground.dataset_not_chat",
      params: { name: dataset.name, type: dataset.type },
    });
  }
  return dataset;
}

function rowsAsJsonl(input: SaveRowsInput): string {
  return input.answers.map((answer) => JSON.stringify({ messages: [...input.messages, { role: "assistant", content: answer }] })).join("\n") + "\n";
}

async function waitForAnalysis(db: Db, importId: string) {
  const deadline = Date.now() + ANALYSIS_WAIT_MS;
  for (;;) {
    const found = await db.datasetImport.findUniqueOrThrow({ where: { id: importId } });
    if ((found.status !== "queued" && found.status !== "analyzing") || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, ANALYSIS_POLL_MS));
  }
}

/**
 * Appends the rows and commits the import once the analysis finishes cleanly. Returns the audit entries of
 * every step (dataset creation, upload, import start, commit) in order.
 */
export async function savePlaygroundRows(db: Db, enqueue: Enqueue, actor: Actor, input: SaveRowsInput): Promise<{ result: SaveRowsResult; audits: AuditEntry[] }> {
  const audits: AuditEntry[] = [];
  const dataset = await chatDataset(db, actor, input, audits);

  const { file } = await storeUpload(db, actor, Readable.from([Buffer.from(rowsAsJsonl(input), "utf8")]), {
    filename: "playground.jsonl",
    contentType: "application/jsonl; charset=utf-8",
    limitBytes: env().LUODI_MAX_UPLOAD_MB * 1024 * 1024,
  });
  audits.push({ action: "datasets.upload", targetType: "file", targetId: file.id, changes: { filename: file.filename, size: Number(file.size), source: "playground" } });

  // Invalid rows are not skipped: a row the analysis rejects stops the commit, so nothing is lost silently.
  const started = await createImport(db, enqueue, actor, dataset.id, file.id, {
    format: "jsonl",
    type: "chat",
    mapping: { messages: "messages" },
    mode: "append",
    skipInvalid: false,
  });
  audits.push(started.audit);

  const analysed = await waitForAnalysis(db, started.datasetImport.id);
  const base = { datasetId: dataset.id, importId: analysed.id, rows: input.answers.length, rowsInvalid: analysed.rowsInvalid };
  if (analysed.status === "failed") return { result: { ...base, status: "failed", error: analysed.error }, audits };
  if (analysed.status !== "review" || analysed.rowsInvalid > 0 || analysed.rowsValid === 0) return { result: { ...base, status: "review", error: null }, audits };

  const committed = await commitImport(db, enqueue, actor, analysed.id);
  audits.push(committed.audit);
  return { result: { ...base, status: "importing", error: null }, audits };
}
