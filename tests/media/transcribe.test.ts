import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as transcribeExport } from "@/app/api/v1/media/transcriptions/route";
import { runTranscribeJob } from "@/lib/media/transcribe-job";
import { TRANSCRIBE_ERROR_MESSAGES } from "@/lib/media/transcribe-errors";
import { PermanentJobError } from "@/lib/queue/run-job";
import { apiRequest, readJson } from "../api/fixtures";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { waitFor } from "../helpers/wait-for";
import { silentWav, startMediaHarness, type MediaHarness } from "./harness";
import { startMediaActionsWorker } from "./media-actions-worker";

type Worker = Awaited<ReturnType<typeof startMediaActionsWorker>>;
type Detail = { transcriptStatus: string; transcript: string | null; transcriptError: string | null };
type ErrorBody = { error: { code: string; reason?: string } };

const SPOKEN = "客户回电号码 13812345678，订单已发货";
const log = pino({ level: "silent" });

let harness: MediaHarness;
let worker: Worker;
let keyedFake: FakeOpenAi;
let whisperId: string;
let chatOnlyId: string;
let audioId: string;
let imageId: string;

async function transcribe(token: string, body: unknown): Promise<Response> {
  return harness.handler(transcribeExport)(apiRequest("/media/transcriptions", { token, method: "POST", body }));
}

async function waitForTranscript(assetId: string): Promise<Detail> {
  const token = harness.seed.admin.token;
  return waitFor(`transcript of ${assetId}`, async () => {
    const asset = (await harness.get(token, assetId)) as unknown as Detail;
    return asset.transcriptStatus === "done" || asset.transcriptStatus === "failed" ? asset : null;
  }, { timeoutMs: 30_000, intervalMs: 200 });
}

async function uploadReady(name: string, bytes: Buffer): Promise<string> {
  const [outcome] = await harness.upload(harness.seed.admin.token, [{ name, bytes }]);
  const asset = await harness.waitUntilProcessed(harness.seed.admin.token, outcome!.asset!.id);
  expect(asset.status).toBe("ready");
  return asset.id;
}

beforeAll(async () => {
  harness = await startMediaHarness();
  worker = await startMediaActionsWorker(harness, { transcript: () => SPOKEN });
  keyedFake = await startFakeOpenAi({ apiKey: "right-key" });

  const provider = await worker.addProvider("loopback");
  whisperId = (await worker.addModel(provider.id, "whisper-1", ["audio"])).id;
  chatOnlyId = (await worker.addModel(provider.id, "fake-chat", ["chat"])).id;

  audioId = await uploadReady("call.wav", silentWav(1));
  const sharp = (await import("sharp")).default;
  imageId = await uploadReady("photo.png", await sharp({ create: { width: 32, height: 24, channels: 3, background: "#224466" } }).png().toBuffer());
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await keyedFake?.close();
  await harness?.stop();
});

describe("media transcription", () => {
  it("stores a masked transcript", async () => {
    const response = await transcribe(harness.seed.admin.token, { assetIds: [audioId], modelId: whisperId });
    expect(response.status).toBe(201);

    const asset = await waitForTranscript(audioId);
    expect(asset.transcriptStatus).toBe("done");
    expect(asset.transcript).toContain("订单已发货");
    expect(asset.transcript).not.toContain("13812345678");
    expect(asset.transcriptError).toBeNull();
  });

  it("posts the original file as multipart", async () => {
    const sent = worker.fake.requests.filter((request) => request.path === "/v1/audio/transcriptions").at(-1);
    const body = sent?.body as { model: string; filename: string; fileBytes: number; fileType: string; response_format: string };
    expect(body.model).toBe("whisper-1");
    expect(body.filename).toBe("call.wav");
    expect(body.fileBytes).toBe(silentWav(1).length);
    expect(body.fileType).toBe("audio/wav");
    expect(body.response_format).toBe("json");
  });

  it("finds the transcript through gallery search", async () => {
    const found = await harness.list(harness.seed.admin.token, { q: "订单已发货" });
    expect(found.data.map((asset) => asset.id)).toEqual([audioId]);
  });

  it("keeps raw text when the policy allows", async () => {
    await harness.db.workspace.update({ where: { id: worker.workspaceId }, data: { mediaRawText: true } });
    try {
      expect((await transcribe(harness.seed.admin.token, { assetIds: [audioId], modelId: whisperId })).status).toBe(201);
      const asset = await waitForTranscript(audioId);
      expect(asset.transcript).toContain("13812345678");
    } finally {
      await harness.db.workspace.update({ where: { id: worker.workspaceId }, data: { mediaRawText: false } });
    }
  });

  it("rejects a model without audio", async () => {
    const response = await transcribe(harness.seed.admin.token, { assetIds: [audioId], modelId: chatOnlyId });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("media.model_not_audio");
  });

  it("rejects an image", async () => {
    const response = await transcribe(harness.seed.admin.token, { assetIds: [imageId], modelId: whisperId });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("media.not_audio");
  });

  it("rejects unknown ids and empty lists", async () => {
    const unknownModel = await transcribe(harness.seed.admin.token, { assetIds: [audioId], modelId: "no-such-model" });
    expect(unknownModel.status).toBe(404);
    const unknownAsset = await transcribe(harness.seed.admin.token, { assetIds: ["no-such-asset"], modelId: whisperId });
    expect(unknownAsset.status).toBe(404);
    const empty = await transcribe(harness.seed.admin.token, { assetIds: [], modelId: whisperId });
    expect(empty.status).toBe(400);
  });

  it("forbids viewers", async () => {
    const response = await transcribe(harness.seed.viewer.token, { assetIds: [audioId], modelId: whisperId });
    expect(response.status).toBe(403);
  });

  it("refuses audio over the limit at upload", async () => {
    const { status, body } = await harness.uploadRejected(harness.seed.admin.token, [{ name: "long.wav", bytes: silentWav(6) }]);
    expect(status).toBe(413);
    expect(body.error.reason).toBe("media.audio_too_long");
  });

  it("fails on a private provider address", async () => {
    // 127.0.0.2 has no allow rule, so the guard refuses it before connecting.
    const provider = await worker.addProvider("private", "http://127.0.0.2:9/v1");
    const model = await worker.addModel(provider.id, "whisper-private", ["audio"]);
    expect((await transcribe(harness.seed.admin.token, { assetIds: [audioId], modelId: model.id })).status).toBe(201);

    const asset = await waitForTranscript(audioId);
    expect(asset.transcriptStatus).toBe("failed");
    expect(asset.transcriptError).toBe(TRANSCRIBE_ERROR_MESSAGES.blocked_address);
  });

  it("fails on a rejected API key", async () => {
    const provider = await worker.addProvider("keyed", keyedFake.url);
    const model = await worker.addModel(provider.id, "whisper-keyed", ["audio"]);
    expect((await transcribe(harness.seed.admin.token, { assetIds: [audioId], modelId: model.id })).status).toBe(201);

    const asset = await waitForTranscript(audioId);
    expect(asset.transcriptStatus).toBe("failed");
    expect(asset.transcriptError).toBe(TRANSCRIBE_ERROR_MESSAGES.unauthorized);
  });

  it("retries a provider 500", async () => {
    const provider = await worker.addProvider("failing");
    const model = await worker.addModel(provider.id, "fail-500-whisper", ["audio"]);
    const context = { db: harness.db, log, attempt: 1, maxAttempts: 4 };

    await expect(runTranscribeJob(context, audioId, model.id)).rejects.not.toBeInstanceOf(PermanentJobError);
    expect(((await harness.get(harness.seed.admin.token, audioId)) as unknown as Detail).transcriptStatus).toBe("queued");

    await expect(runTranscribeJob({ ...context, attempt: 4 }, audioId, model.id)).rejects.toBeInstanceOf(PermanentJobError);
    const asset = (await harness.get(harness.seed.admin.token, audioId)) as unknown as Detail;
    expect(asset.transcriptStatus).toBe("failed");
    expect(asset.transcriptError).toBe(TRANSCRIBE_ERROR_MESSAGES.upstream_failed);
  });
});
