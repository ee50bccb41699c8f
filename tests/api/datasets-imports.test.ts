import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getIssuesExport } from "@/app/api/v1/dataset-imports/[importId]/issues/route";
import { POST as commitImportExport } from "@/app/api/v1/dataset-imports/[importId]/commit/route";
import { PATCH as configureImportExport } from "@/app/api/v1/dataset-imports/[importId]/route";
import { GET as listRowsExport } from "@/app/api/v1/dataset-versions/[versionId]/rows/route";
import { GET as getVersionExport } from "@/app/api/v1/dataset-versions/[versionId]/route";
import { GET as getDatasetExport } from "@/app/api/v1/datasets/[datasetId]/route";
import { POST as uploadTextExport } from "@/app/api/v1/datasets/uploads/text/route";
import { POST as uploadExport } from "@/app/api/v1/datasets/uploads/route";
import { BANKING77_CSV, CROSSWOZ_CHAT_JSONL, startDatasetHarness, TEST_UPLOAD_LIMIT_MB, type DatasetHarness, type UploadView } from "./datasets-harness";
import { apiRequest, readJson, withParams } from "./fixtures";

type ErrorBody = { error: { code: string; message: string; reason?: string; params?: Record<string, string | number> } };
type VersionView = { id: string; number: number; status: string; rowCount: number; contentHash: string; stats: { rows: number } | null };
type RowView = { rowKey: string; position: number; data: Record<string, unknown>; labels: string[]; sourceLine: number | null };
type RowPage = { rows: RowView[]; nextPosition: number | null; total: number | null };

let harness: DatasetHarness;
let token: string;

beforeAll(async () => {
  harness = await startDatasetHarness();
  token = harness.seed.admin.token;
});

afterAll(async () => {
  await harness?.stop();
});

/** Builds an upload request whose body streams from `source` without a Content-Length, like a chunked HTTP upload. */
function streamingUpload(filename: string, source: Readable, headers: Record<string, string> = {}): Request {
  return new Request(`http://127.0.0.1:3000/api/v1/datasets/uploads?filename=${encodeURIComponent(filename)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", ...headers },
    body: Readable.toWeb(source) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

async function getVersion(versionId: string): Promise<VersionView> {
  return harness.call(getVersionExport, `/dataset-versions/${versionId}`, { token, params: { versionId } });
}

// Committing 3,080 rows takes a few seconds, and a failed attempt is retried after a 5 to 40 s backoff.
const FULL_IMPORT_TIMEOUT_MS = 180_000;

describe("banking77 CSV import", () => {
  let datasetId: string;
  let firstVersion: VersionView;

  it("streams the upload, analyses it and commits version 1", async () => {
    const dataset = await harness.createDataset(token, "banking77");
    datasetId = dataset.id;

    const response = await harness.handler(uploadExport)(streamingUpload("test.csv", createReadStream(BANKING77_CSV), { "content-type": "text/csv" }));
    expect(response.status).toBe(201);
    const upload = (await readJson<{ data: UploadView }>(response)).data;
    const bytes = await readFile(BANKING77_CSV);
    expect(upload.file.size).toBe(bytes.length);
    expect(upload.file.filename).toBe("test.csv");
    expect(upload.duplicateOf).toBeNull();

    const analysed = await harness.analyze(token, datasetId, upload.file.id);
    expect(analysed.status).toBe("review");
    expect(analysed.detectedType).toBe("classification");
    expect(analysed.rowsValid).toBe(3080);
    expect(analysed.rowsInvalid).toBe(0);
    expect(analysed.report?.records).toBe(3080);
    expect(analysed.report?.labelCount).toBe(77);

    const committed = await harness.commit(token, analysed.id);
    firstVersion = await getVersion(committed.versionId!);
    expect(firstVersion.number).toBe(1);
    expect(firstVersion.status).toBe("ready");
    expect(firstVersion.rowCount).toBe(3080);
    expect(firstVersion.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(firstVersion.stats?.rows).toBe(3080);
  }, FULL_IMPORT_TIMEOUT_MS);

  it("shows the version on the dataset", async () => {
    const dataset = await harness.call<{ type: string; latestVersion: { id: string } | null; draft: unknown }>(getDatasetExport, `/datasets/${datasetId}`, {
      token,
      params: { datasetId },
    });

    expect(dataset.type).toBe("classification");
    expect(dataset.latestVersion?.id).toBe(firstVersion.id);
    expect(dataset.draft).toBeNull();
  });

  it("names the version a repeated upload duplicates", async () => {
    const again = await harness.upload(token, "banking77-copy.csv", await readFile(BANKING77_CSV));

    expect(again.duplicateOf).toEqual({ datasetId, datasetName: "banking77", versionId: firstVersion.id, versionNumber: 1 });
  });

  it("gives equal content an equal content hash", async () => {
    const copy = await harness.importNewDataset(token, "banking77 again", "test.csv", await readFile(BANKING77_CSV));
    const version = await getVersion(copy.versionId);

    expect(version.rowCount).toBe(3080);
    expect(version.contentHash).toBe(firstVersion.contentHash);
  }, FULL_IMPORT_TIMEOUT_MS);
});

describe("CrossWOZ chat JSONL import", () => {
  it("imports 100 chat rows with their messages", async () => {
    const text = await readFile(CROSSWOZ_CHAT_JSONL, "utf8");
    const imported = await harness.importNewDataset(token, "crosswoz", "dialogues.jsonl", Buffer.from(text));
    const version = await getVersion(imported.versionId);
    const page = await harness.call<RowPage>(listRowsExport, `/dataset-versions/${imported.versionId}/rows?limit=1`, {
      token,
      params: { versionId: imported.versionId },
    });

    expect(version.rowCount).toBe(100);
    expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(page.total).toBe(100);
    const firstSource = JSON.parse(text.split("\n")[0]!) as { messages: { role: string }[] };
    const messages = page.rows[0]!.data.messages as { role: string }[];
    expect(messages.map((message) => message.role)).toEqual(firstSource.messages.map((message) => message.role));
  });
});

describe("import with a malformed line", () => {
  const lines = [
    '{"text": "How do I reset my PIN?", "label": "pin"}',
    '{"text": "Where is my new card?", "label": "card"}',
    '{"text": "My transfer failed", "label": "transfer"',
    '{"text": "Can I top up by cheque?", "label": "top_up"}',
    '{"text": "Why was I charged a fee?", "label": "fee"}',
  ];
  let datasetId: string;
  let importId: string;

  it("reports the line in the issues", async () => {
    const dataset = await harness.createDataset(token, "with a broken line");
    datasetId = dataset.id;
    const { file } = await harness.upload(token, "broken.jsonl", Buffer.from(`${lines.join("\n")}\n`));

    const analysed = await harness.analyze(token, datasetId, file.id, { skipInvalid: false });
    importId = analysed.id;
    expect(analysed.status).toBe("review");
    expect(analysed.rowsValid).toBe(4);
    expect(analysed.rowsInvalid).toBe(1);

    const response = await harness.handler(getIssuesExport)(apiRequest(`/dataset-imports/${importId}/issues`, { token }), withParams({ importId }));
    const body = await readJson<{ data: { line: number; code: string; raw: string }[]; nextCursor: string | null }>(response);
    expect(response.status).toBe(200);
    expect(body.data.map((issue) => issue.line)).toEqual([3]);
    expect(body.data[0]?.code).toBe("malformed_json");
    expect(body.data[0]?.raw).toContain("My transfer failed");
    expect(body.nextCursor).toBeNull();
  });

  it("rejects a commit while the line is invalid", async () => {
    const response = await harness.handler(commitImportExport)(apiRequest(`/dataset-imports/${importId}/commit`, { token, method: "POST" }), withParams({ importId }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(409);
    expect(body.error.code).toBe("CONFLICT");
    expect(body.error.reason).toBe("datasets.import_has_invalid_rows");
    expect(body.error.params).toEqual({ count: 1 });
  });

  it("commits after the line is fixed", async () => {
    await harness.call(configureImportExport, `/dataset-imports/${importId}`, {
      token,
      method: "PATCH",
      params: { importId },
      body: { fixes: { "3": { text: "My transfer failed", label: "transfer" } } },
    });
    const reanalysed = await harness.waitForImport(token, importId, ["queued", "analyzing"]);
    expect(reanalysed.status).toBe("review");
    expect(reanalysed.rowsInvalid).toBe(0);
    expect(reanalysed.rowsValid).toBe(5);

    const committed = await harness.commit(token, importId);
    const page = await harness.call<RowPage>(listRowsExport, `/dataset-versions/${committed.versionId}/rows`, {
      token,
      params: { versionId: committed.versionId! },
    });
    expect(page.total).toBe(5);
    const fixed = page.rows.find((row) => row.sourceLine === 3);
    expect(fixed?.data).toEqual({ text: "My transfer failed" });
    expect(fixed?.labels).toEqual(["transfer"]);
  });
});

describe("upload limits", () => {
  const limitBytes = TEST_UPLOAD_LIMIT_MB * 1024 * 1024;

  it("rejects a declared length over the limit", async () => {
    const before = await harness.storedFiles("uploads");
    const request = new Request("http://127.0.0.1:3000/api/v1/datasets/uploads?filename=big.jsonl", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", "content-length": String(limitBytes + 1) },
      body: Buffer.alloc(limitBytes + 1, 0x61),
    });
    const response = await harness.handler(uploadExport)(request);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(413);
    expect(body.error.code).toBe("TOO_LARGE");
    expect(body.error.reason).toBe("datasets.upload_too_large");
    expect(await harness.storedFiles("uploads")).toEqual(before);
  });

  it("stops a streamed body at the limit and keeps nothing", async () => {
    const before = await harness.storedFiles("uploads");
    const filesBefore = await harness.db.storedFile.count();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const chunks = Array.from({ length: Math.ceil((limitBytes * 1.5) / chunk.length) }, () => chunk);

    const response = await harness.handler(uploadExport)(streamingUpload("big.csv", Readable.from(chunks)));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(413);
    expect(body.error.reason).toBe("datasets.upload_too_large");
    expect(body.error.params).toEqual({ filename: "big.csv", limitMb: TEST_UPLOAD_LIMIT_MB });
    expect(await harness.storedFiles("uploads")).toEqual(before);
    expect(await harness.db.storedFile.count()).toBe(filesBefore);
  });

  it("rejects an unsupported extension", async () => {
    const before = await harness.storedFiles("uploads");
    const response = await harness.handler(uploadExport)(streamingUpload("tool.exe", Readable.from([Buffer.from("MZ")])));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(body.error.reason).toBe("datasets.unsupported_extension");
    expect(await harness.storedFiles("uploads")).toEqual(before);
  });
});

describe("pasted rows", () => {
  it("stores text as a file and imports it", async () => {
    const text = "text,label\nI lost my card,lost_card\nHow long does a transfer take?,transfer_time\n";
    const response = await harness.handler(uploadTextExport)(apiRequest("/datasets/uploads/text", { token, body: { filename: "pasted.csv", text } }));
    const upload = (await readJson<{ data: UploadView }>(response)).data;
    expect(response.status).toBe(201);
    expect(upload.file.size).toBe(Buffer.byteLength(text));
    expect(upload.file.filename).toBe("pasted.csv");

    const dataset = await harness.createDataset(token, "pasted");
    const analysed = await harness.analyze(token, dataset.id, upload.file.id);
    expect(analysed.status).toBe("review");
    expect(analysed.rowsValid).toBe(2);
  });

  it("rejects empty text", async () => {
    const response = await harness.handler(uploadTextExport)(apiRequest("/datasets/uploads/text", { token, body: { filename: "pasted.csv", text: "" } }));
    const body = await readJson<ErrorBody & { error: { fields?: Record<string, string[]> } }>(response);

    expect(response.status).toBe(400);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["text"]);
  });
});
