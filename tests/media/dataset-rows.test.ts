import { access } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as datasetRowsExport } from "@/app/api/v1/media/dataset-rows/route";
import { createDataset } from "@/lib/datasets/datasets";
import { apiRequest, readData, readJson } from "../api/fixtures";
import { waitFor } from "../helpers/wait-for";
import { silentWav, startMediaHarness, type MediaHarness } from "./harness";
import { startMediaActionsWorker } from "./media-actions-worker";

type Worker = Awaited<ReturnType<typeof startMediaActionsWorker>>;
type RowsResult = { dataset: { id: string; name: string }; importId: string; rows: number };
type ErrorBody = { error: { code: string; reason?: string } };
type ChatData = { messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] }[] };

let harness: MediaHarness;
let worker: Worker;
let imageIds: string[];
let audioId: string;

async function postRows(token: string, body: unknown): Promise<Response> {
  return harness.handler(datasetRowsExport)(apiRequest("/media/dataset-rows", { token, method: "POST", body }));
}

async function waitForImport(importId: string) {
  return waitFor(`import ${importId} to finish`, async () => {
    const found = await harness.db.datasetImport.findUniqueOrThrow({ where: { id: importId } });
    return ["completed", "failed", "cancelled"].includes(found.status) ? found : null;
  }, { timeoutMs: 60_000, intervalMs: 250 });
}

async function uploadReady(name: string, bytes: Buffer): Promise<string> {
  const [outcome] = await harness.upload(harness.seed.admin.token, [{ name, bytes }]);
  const asset = await harness.waitUntilProcessed(harness.seed.admin.token, outcome!.asset!.id);
  expect(asset.status).toBe("ready");
  return asset.id;
}

async function readRows(versionId: string): Promise<ChatData[]> {
  const rows = await harness.db.datasetRow.findMany({ where: { versionId }, orderBy: { position: "asc" } });
  return rows.map((row) => row.data as ChatData);
}

beforeAll(async () => {
  harness = await startMediaHarness();
  worker = await startMediaActionsWorker(harness);
  imageIds = [];
  for (const [index, color] of ["#aa3300", "#0033aa", "#33aa00"].entries()) {
    imageIds.push(await uploadReady(`product-${index}.png`, await sharp({ create: { width: 40 + index, height: 30, channels: 3, background: color } }).png().toBuffer()));
  }
  audioId = await uploadReady("call.wav", silentWav(1));
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await harness?.stop();
});

describe("media dataset rows", () => {
  let datasetId: string;

  it("creates a dataset with image rows", async () => {
    const body = {
      newDataset: { name: "product-photos", description: "" },
      rows: [
        { assetId: imageIds[0], question: "What is printed on the box?", answer: "Call 13812345678 for support" },
        { assetId: imageIds[1], question: "What colour is it?", answer: "Blue" },
      ],
    };
    const response = await postRows(harness.seed.admin.token, body);
    expect(response.status).toBe(201);
    const result = await readData<RowsResult>(response, datasetRowsExport);
    datasetId = result.dataset.id;
    expect(result.rows).toBe(2);

    const finished = await waitForImport(result.importId);
    expect(finished.status).toBe("completed");
    const rows = await readRows(finished.versionId!);
    expect(rows).toHaveLength(2);

    const [user, assistant] = rows[0]!.messages;
    expect(user!.role).toBe("user");
    const parts = user!.content as { type: string; text?: string; image_url?: { url: string } }[];
    // The derived copy of an opaque PNG is a JPEG, and rows point to the derived copy.
    expect(parts[0]!.image_url!.url).toBe(`assets/${imageIds[0]}.jpg`);
    expect(parts[1]!.text).toBe("What is printed on the box?");
    expect(assistant!.content).not.toContain("13812345678");
    await access(path.join(harness.dataDir, "media", "assets", `${imageIds[0]}.jpg`));
  });

  it("marks the files as used", async () => {
    await waitFor("usedInDatasetIds", async () => {
      const asset = await harness.db.mediaAsset.findUniqueOrThrow({ where: { id: imageIds[0]! } });
      return asset.usedInDatasetIds.length > 0 || null;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    const used = await harness.list(harness.seed.admin.token, { inDataset: "true" });
    expect(used.data.map((asset) => asset.id).sort()).toEqual([imageIds[0], imageIds[1]].sort());
    const unused = await harness.list(harness.seed.admin.token, { inDataset: "false" });
    expect(unused.data.map((asset) => asset.id).sort()).toEqual([imageIds[2], audioId].sort());
  });

  it("appends to an existing dataset", async () => {
    const response = await postRows(harness.seed.admin.token, { datasetId, rows: [{ assetId: imageIds[2], question: "Describe it", answer: "A green square" }] });
    expect(response.status).toBe(201);
    const finished = await waitForImport((await readData<RowsResult>(response, datasetRowsExport)).importId);
    expect(finished.status).toBe("completed");

    const versions = await harness.db.datasetVersion.findMany({ where: { datasetId, status: "ready" }, orderBy: { number: "asc" } });
    expect(versions.map((version) => version.rowCount)).toEqual([2, 3]);
  });

  it("records audit events", async () => {
    const events = await harness.db.auditEvent.findMany({ where: { action: "media.dataset_rows" } });
    expect(events).toHaveLength(2);
    expect(events.every((event) => event.targetId === datasetId)).toBe(true);
  });

  it("rejects audio files", async () => {
    const response = await postRows(harness.seed.admin.token, { datasetId, rows: [{ assetId: audioId, question: "q", answer: "a" }] });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("media.not_image");
  });

  it("rejects a non-chat dataset", async () => {
    const { dataset } = await createDataset(harness.db, harness.seed.admin.actor, { name: "labels", description: "", labelSet: [], multiLabel: false, tokenLimit: null });
    await harness.db.dataset.update({ where: { id: dataset.id }, data: { type: "classification" } });
    const response = await postRows(harness.seed.admin.token, { datasetId: dataset.id, rows: [{ assetId: imageIds[0], question: "q", answer: "a" }] });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("media.dataset_not_chat");
  });

  it("rejects malformed bodies", async () => {
    const both = await postRows(harness.seed.admin.token, { datasetId, newDataset: { name: "x" }, rows: [{ assetId: imageIds[0], question: "q", answer: "a" }] });
    expect(both.status).toBe(400);
    const emptyAnswer = await postRows(harness.seed.admin.token, { datasetId, rows: [{ assetId: imageIds[0], question: "q", answer: "  " }] });
    expect(emptyAnswer.status).toBe(400);
    const unknown = await postRows(harness.seed.admin.token, { datasetId, rows: [{ assetId: "no-such-asset", question: "q", answer: "a" }] });
    expect(unknown.status).toBe(404);
  });

  it("forbids viewers", async () => {
    const response = await postRows(harness.seed.viewer.token, { datasetId, rows: [{ assetId: imageIds[0], question: "q", answer: "a" }] });
    expect(response.status).toBe(403);
  });
});
