import { readFile } from "node:fs/promises";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadExport } from "@/app/api/v1/dataset-tasks/[taskId]/download/route";
import { POST as previewCleanExport } from "@/app/api/v1/dataset-versions/[versionId]/clean-preview/route";
import { GET as diffExport } from "@/app/api/v1/dataset-versions/[versionId]/diff/route";
import { POST as exportVersionExport } from "@/app/api/v1/dataset-versions/[versionId]/exports/route";
import { GET as listRowsExport } from "@/app/api/v1/dataset-versions/[versionId]/rows/route";
import { GET as getVersionExport } from "@/app/api/v1/dataset-versions/[versionId]/route";
import { POST as splitExport } from "@/app/api/v1/dataset-versions/[versionId]/split/route";
import { POST as saveDraftExport } from "@/app/api/v1/datasets/[datasetId]/draft/save/route";
import { DELETE as discardDraftExport, POST as openDraftExport } from "@/app/api/v1/datasets/[datasetId]/draft/route";
import { GET as getDatasetExport } from "@/app/api/v1/datasets/[datasetId]/route";
import { GET as rowHistoryExport } from "@/app/api/v1/datasets/[datasetId]/rows/[rowKey]/history/route";
import { PATCH as editRowExport } from "@/app/api/v1/datasets/[datasetId]/rows/[rowKey]/route";
import { GET as listVersionsExport } from "@/app/api/v1/datasets/[datasetId]/versions/route";
import { BANKING77_CSV, startDatasetHarness, type DatasetHarness, type TaskView } from "./datasets-harness";
import { apiRequest, readJson, withParams } from "./fixtures";

type VersionView = { id: string; number: number | null; status: string; rowCount: number; message: string; stats: { perSplit: Record<string, number> } | null };
type RowView = { rowKey: string; position: number; split: string | null; data: { text: string }; labels: string[] };
type RowPage = { rows: RowView[]; nextPosition: number | null; total: number | null };
type DatasetDetail = { latestVersion: { id: string } | null; draft: { id: string; changeCount: number } | null };
type Diff = { added: number; removed: number; changed: number; unchanged: number; examples: { kind: string; rowKey: string; before: unknown; after: unknown }[] };

const SUBSET_ROWS = 600;

let harness: DatasetHarness;
let token: string;
/** The banking77 records the dataset was imported from, in file order. */
let records: { text: string; category: string }[];
let datasetId: string;
let importedVersionId: string;

/** Rewrites the first `count` records of banking77 as a CSV file, so every version fits in one write batch. */
function bankingSubset(all: { text: string; category: string }[], count: number): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = all.slice(0, count).map((record) => `${quote(record.text)},${quote(record.category)}`);
  return Buffer.from(`text,category\n${lines.join("\n")}\n`);
}

beforeAll(async () => {
  harness = await startDatasetHarness();
  token = harness.seed.admin.token;
  const all = parseCsv(await readFile(BANKING77_CSV), { columns: true }) as { text: string; category: string }[];
  records = all.slice(0, SUBSET_ROWS);

  const imported = await harness.importNewDataset(token, "银行意图 banking77", "banking77-600.csv", bankingSubset(all, SUBSET_ROWS));
  datasetId = imported.datasetId;
  importedVersionId = imported.versionId;
});

afterAll(async () => {
  await harness?.stop();
});

async function getVersion(versionId: string): Promise<VersionView> {
  return harness.call(getVersionExport, `/dataset-versions/${versionId}`, { token, params: { versionId } });
}

async function listRows(versionId: string, query: string): Promise<RowPage> {
  return harness.call(listRowsExport, `/dataset-versions/${versionId}/rows?${query}`, { token, params: { versionId } });
}

async function startVersionTask(exported: typeof splitExport, versionId: string, path: string, body: unknown): Promise<TaskView> {
  const task = await harness.call<TaskView>(exported, `/dataset-versions/${versionId}/${path}`, { token, params: { versionId }, body });
  const finished = await harness.waitForTask(token, task.id);
  expect(finished.status, `${task.kind} task failed: ${finished.error}`).toBe("completed");
  return finished;
}

async function download(taskId: string): Promise<Response> {
  return harness.handler(downloadExport)(apiRequest(`/dataset-tasks/${taskId}/download`, { token }), withParams({ taskId }));
}

describe("rows listing", () => {
  it("searches row text and labels", async () => {
    const expected = records.filter((record) => `${record.text}\n${record.category}`.toLowerCase().includes("refund")).length;
    const page = await listRows(importedVersionId, "search=REFUND&limit=1000");

    expect(expected).toBeGreaterThan(0);
    expect(page.total).toBe(expected);
    expect(page.rows).toHaveLength(expected);
    expect(page.nextPosition).toBeNull();
  });

  it("pages in position order", async () => {
    const first = await listRows(importedVersionId, "limit=250");
    const second = await listRows(importedVersionId, `limit=250&afterPosition=${first.nextPosition}`);

    expect(first.total).toBe(SUBSET_ROWS);
    expect(first.rows.map((row) => row.position)).toEqual(Array.from({ length: 250 }, (_, index) => index));
    expect(first.nextPosition).toBe(249);
    expect(second.total).toBeNull();
    expect(second.rows[0]?.position).toBe(250);
    expect(second.rows[0]?.data.text).toBe(records[250]?.text);
  });

  it("rejects a limit over 1000", async () => {
    const response = await harness.handler(listRowsExport)(
      apiRequest(`/dataset-versions/${importedVersionId}/rows?limit=1001`, { token }),
      withParams({ versionId: importedVersionId }),
    );

    expect(response.status).toBe(400);
  });
});

describe("split, edit, save and diff", () => {
  let splitVersion: VersionView;
  let editedRowKey: string;
  let savedVersionId: string;

  it("writes a split version with exact counts", async () => {
    const task = await startVersionTask(splitExport, importedVersionId, "split", {
      ratios: { train: 0.8, validation: 0.1, test: 0.1 },
      seed: 7,
      message: "80/10/10",
    });
    splitVersion = await getVersion(task.resultVersionId!);

    expect(splitVersion.number).toBe(2);
    expect(splitVersion.rowCount).toBe(SUBSET_ROWS);
    expect(splitVersion.message).toBe("80/10/10");
    expect(splitVersion.stats?.perSplit).toEqual({ train: 480, validation: 60, test: 60, none: 0 });
  });

  it("filters rows by split and search together", async () => {
    const validation = await listRows(splitVersion.id, "split=validation&limit=1000");
    const matching = validation.rows.filter((row) => `${row.data.text}\n${row.labels.join("\n")}`.toLowerCase().includes("card"));
    const filtered = await listRows(splitVersion.id, "split=validation&search=card&limit=1000");

    expect(validation.total).toBe(60);
    expect(validation.rows.every((row) => row.split === "validation")).toBe(true);
    expect(filtered.total).toBe(matching.length);
    expect(filtered.rows.map((row) => row.rowKey)).toEqual(matching.map((row) => row.rowKey));
  });

  it("edits a row through the draft", async () => {
    const [row] = (await listRows(splitVersion.id, "limit=1")).rows;
    editedRowKey = row!.rowKey;

    const edited = await harness.call<{ row: RowView; draftId: string }>(editRowExport, `/datasets/${datasetId}/rows/${editedRowKey}`, {
      token,
      method: "PATCH",
      params: { datasetId, rowKey: editedRowKey },
      body: { data: { text: "Where is the card I ordered last week?" } },
    });
    const dataset = await harness.call<DatasetDetail>(getDatasetExport, `/datasets/${datasetId}`, { token, params: { datasetId } });
    const history = await harness.call<{ field: string; before: unknown; after: unknown; actorEmail: string }[]>(
      rowHistoryExport,
      `/datasets/${datasetId}/rows/${editedRowKey}/history`,
      { token, params: { datasetId, rowKey: editedRowKey } },
    );

    expect(edited.row.data.text).toBe("Where is the card I ordered last week?");
    expect(edited.row.split).toBe(row!.split);
    expect(dataset.draft?.id).toBe(edited.draftId);
    expect(dataset.draft?.changeCount).toBe(1);
    expect(history).toEqual([
      expect.objectContaining({ field: "data", before: { text: row!.data.text }, after: { text: "Where is the card I ordered last week?" }, actorEmail: "admin@example.com" }),
    ]);
  });

  it("keeps ready versions unchanged by the edit", async () => {
    const page = await listRows(splitVersion.id, "limit=1");

    expect(page.rows[0]?.rowKey).toBe(editedRowKey);
    expect(page.rows[0]?.data.text).not.toBe("Where is the card I ordered last week?");
  });

  it("saves the draft as version 3", async () => {
    const task = await harness.call<TaskView>(saveDraftExport, `/datasets/${datasetId}/draft/save`, { token, params: { datasetId }, body: { message: "Reword row 1" } });
    const finished = await harness.waitForTask(token, task.id);
    expect(finished.status, `save_draft failed: ${finished.error}`).toBe("completed");
    savedVersionId = finished.resultVersionId!;

    const saved = await getVersion(savedVersionId);
    const dataset = await harness.call<DatasetDetail>(getDatasetExport, `/datasets/${datasetId}`, { token, params: { datasetId } });
    expect(saved.number).toBe(3);
    expect(saved.status).toBe("ready");
    expect(saved.rowCount).toBe(SUBSET_ROWS);
    expect(saved.message).toBe("Reword row 1");
    expect(dataset.latestVersion?.id).toBe(savedVersionId);
    expect(dataset.draft).toBeNull();
  });

  it("diffs version 2 against 3 as one changed row", async () => {
    const diff = await harness.call<Diff>(diffExport, `/dataset-versions/${savedVersionId}/diff?against=${splitVersion.id}`, {
      token,
      params: { versionId: savedVersionId },
    });

    expect(diff.changed).toBe(1);
    expect(diff.added).toBe(0);
    expect(diff.removed).toBe(0);
    expect(diff.unchanged).toBe(SUBSET_ROWS - 1);
    expect(diff.examples).toHaveLength(1);
    expect(diff.examples[0]).toMatchObject({ kind: "changed", rowKey: editedRowKey });
  });

  it("opens and discards a draft", async () => {
    const opened = await harness.call<{ draft: { id: string; status: string }; created: boolean }>(openDraftExport, `/datasets/${datasetId}/draft`, {
      token,
      method: "POST",
      params: { datasetId },
    });
    const again = await harness.call<{ draft: { id: string }; created: boolean }>(openDraftExport, `/datasets/${datasetId}/draft`, {
      token,
      method: "POST",
      params: { datasetId },
    });
    await harness.call(discardDraftExport, `/datasets/${datasetId}/draft`, { token, method: "DELETE", params: { datasetId } });
    const versions = await harness.call<VersionView[]>(listVersionsExport, `/datasets/${datasetId}/versions`, { token, params: { datasetId } });

    expect(opened.created).toBe(true);
    expect(opened.draft.status).toBe("draft");
    expect(again.created).toBe(false);
    expect(again.draft.id).toBe(opened.draft.id);
    expect(versions.map((version) => version.number)).toEqual([3, 2, 1]);
  });

  it("exports OpenAI JSONL and streams it", async () => {
    const task = await startVersionTask(exportVersionExport, savedVersionId, "exports", { format: "openai" });
    const response = await download(task.id);
    const text = await response.text();
    const lines = text.split("\n").filter((line) => line.length > 0);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/jsonl");
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    expect(response.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("银行意图_banking77-v3-openai.jsonl")}`);
    expect(lines).toHaveLength(SUBSET_ROWS);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("messages");
  });

  it("exports CSV with a header row", async () => {
    const task = await startVersionTask(exportVersionExport, savedVersionId, "exports", { format: "csv" });
    const response = await download(task.id);
    const rows = parseCsv(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as { text: string; label: string; split: string }[];

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(rows).toHaveLength(SUBSET_ROWS);
    expect(rows.filter((row) => row.split === "test")).toHaveLength(60);
    expect(rows.some((row) => row.text === "Where is the card I ordered last week?")).toBe(true);
  });

  it("exports only the chosen splits", async () => {
    const task = await startVersionTask(exportVersionExport, savedVersionId, "exports", { format: "openai", splits: ["validation", "test"] });
    const text = await (await download(task.id)).text();

    expect(text.split("\n").filter((line) => line.length > 0)).toHaveLength(120);
  });

  it("rejects downloading a task that is not an export", async () => {
    const tasks = await harness.db.datasetTask.findMany({ where: { datasetId, kind: "split" } });
    const response = await download(tasks[0]!.id);
    const body = await readJson<{ error: { code: string; reason?: string } }>(response);

    expect(response.status).toBe(409);
    expect(body.error.reason).toBe("datasets.export_not_ready");
  });
});

describe("clean preview", () => {
  it("reports a planted exact duplicate", async () => {
    const rows = [
      { text: "How do I activate my new card?", label: "activate_my_card" },
      { text: "The exchange rate you applied to my purchase looks wrong", label: "exchange_rate" },
      { text: "Can I get a refund for a purchase I cancelled?", label: "request_refund" },
      { text: "Why is there an extra fee on my statement?", label: "extra_charge" },
      { text: "My top-up by bank transfer has not arrived", label: "top_up_failed" },
      { text: "Please close my account", label: "terminate_account" },
    ];
    const lines = [...rows, rows[2]!].map((row) => JSON.stringify(row));
    const imported = await harness.importNewDataset(token, "with a duplicate", "duplicates.jsonl", Buffer.from(`${lines.join("\n")}\n`));
    const page = await listRows(imported.versionId, "limit=10");

    const task = await startVersionTask(previewCleanExport, imported.versionId, "clean-preview", {});
    const result = task.result as { summary: { rows: number; dropReasons: Record<string, number> }; changes: Record<string, unknown>[] };
    const versions = await harness.call<VersionView[]>(listVersionsExport, `/datasets/${imported.datasetId}/versions`, {
      token,
      params: { datasetId: imported.datasetId },
    });

    expect(result.summary.rows).toBe(7);
    expect(result.summary.dropReasons.exact_duplicate).toBe(1);
    expect(result.changes).toContainEqual(
      expect.objectContaining({ rowKey: page.rows[6]!.rowKey, action: "drop", reason: "exact_duplicate", duplicateOf: page.rows[2]!.rowKey }),
    );
    expect(task.resultVersionId).toBeNull();
    expect(versions).toHaveLength(1);
  });
});
