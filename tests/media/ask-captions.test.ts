import sharp from "sharp";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listQuestionsExport } from "@/app/api/v1/media/[assetId]/questions/route";
import { GET as progressExport, POST as startExport } from "@/app/api/v1/media/captions/route";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { workQueues } from "@/lib/queue/work";
import { registerInstance } from "@/lib/system/instance";
import { createHandlers } from "@/worker/handlers";
import { apiRequest, readData, readJson, withParams } from "../api/fixtures";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { waitFor } from "../helpers/wait-for";
import { registerFakeProvider } from "../playground/fixtures";
import { startMediaHarness, type MediaHarness } from "./harness";

type Progress = { total: number; done: number; failed: number; pending: number };
type ErrorBody = { error: { code: string; reason?: string } };

let harness: MediaHarness;
let captionBoss: PgBoss;
let fake: FakeOpenAi;
let token: string;
let models: Record<string, string>;
const imageIds: string[] = [];

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

beforeAll(async () => {
  harness = await startMediaHarness();
  token = harness.seed.admin.token;
  fake = await startFakeOpenAi({ reply: ({ messages }) => `Caption of a ${JSON.stringify(messages).length > 100 ? "coloured" : "blank"} square` });
  models = (
    await registerFakeProvider(harness.db, harness.seed.workspace.id, fake.url, [
      { name: "vision-caption", capabilities: ["chat", "vision"] },
      { name: "fail-500-caption", capabilities: ["chat", "vision"] },
      { name: "plain-chat", capabilities: ["chat"] },
    ])
  ).modelIds;

  captionBoss = await startBoss(harness.database.url, { service: "test-caption-worker", log });
  const instance = await registerInstance(harness.db, "worker", { tests: "media-caption" });
  const handlers = createHandlers({ db: harness.db, instance, enqueue: harness.enqueue });
  await workQueues(captionBoss, queues, { "media.caption": handlers["media.caption"] }, { db: harness.db, log }, { concurrency: 1, pollingIntervalSeconds: 0.5 });

  for (const background of ["#113355", "#335511", "#551133"]) {
    const bytes = await sharp({ create: { width: 30, height: 30, channels: 3, background } }).png().toBuffer();
    const [outcome] = await harness.upload(token, [{ name: `${background.slice(1)}.png`, bytes }]);
    imageIds.push((await harness.waitUntilProcessed(token, outcome!.asset!.id)).id);
  }
}, 120_000);

afterAll(async () => {
  await captionBoss?.stop({ graceful: false });
  await fake?.close();
  await harness?.stop();
});

async function start(body: unknown, as = token): Promise<Response> {
  return harness.handler(startExport)(apiRequest("/media/captions", { token: as, body }));
}

async function progressOf(ids: string[]): Promise<Progress> {
  return readData<Progress>(await harness.handler(progressExport)(apiRequest(`/media/captions?ids=${ids.join(",")}`, { token })), progressExport);
}

async function waitForBatch(ids: string[]): Promise<Progress> {
  return waitFor("the caption batch to finish", async () => {
    const progress = await progressOf(ids);
    return progress.pending === 0 ? progress : null;
  }, { timeoutMs: 60_000, intervalMs: 300 });
}

describe("batch captions", () => {
  it("captions every selected image", async () => {
    const response = await start({ modelId: models["vision-caption"], assetIds: imageIds });
    expect(response.status).toBe(201);
    const { captionIds } = await readData<{ captionIds: string[] }>(response, startExport);
    expect(captionIds.length).toBe(3);

    expect(await waitForBatch(captionIds)).toEqual({ total: 3, done: 3, failed: 0, pending: 0 });
    const assets = await harness.db.mediaAsset.findMany({ where: { id: { in: imageIds } } });
    for (const asset of assets) expect(asset.caption).toBe("Caption of a coloured square");
    expect(await harness.db.auditEvent.count({ where: { action: "media.caption.start" } })).toBe(1);
  });

  it("keeps captions in the history", async () => {
    const assetId = imageIds[0]!;
    const response = await harness.handler(listQuestionsExport)(apiRequest(`/media/${assetId}/questions?kind=caption`, { token }), withParams({ assetId }));
    const history = await readData<{ kind: string; status: string; answer: string }[]>(response, listQuestionsExport);
    expect(history.length).toBe(1);
    expect(history[0]?.kind).toBe("caption");
    expect(history[0]?.answer).toBe("Caption of a coloured square");
  });

  it("records provider failures per image", async () => {
    const { captionIds } = await readData<{ captionIds: string[] }>(await start({ modelId: models["fail-500-caption"], assetIds: imageIds.slice(0, 2) }), startExport);
    expect(await waitForBatch(captionIds)).toEqual({ total: 2, done: 0, failed: 2, pending: 0 });
    const failed = await harness.db.mediaQuestion.findMany({ where: { id: { in: captionIds } } });
    for (const caption of failed) expect(caption.error).toMatch(/500/);
    const kept = await harness.db.mediaAsset.findUniqueOrThrow({ where: { id: imageIds[0] } });
    expect(kept.caption).toBe("Caption of a coloured square");
  });

  it("rejects a model without vision", async () => {
    const response = await start({ modelId: models["plain-chat"], assetIds: imageIds });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("mediaExtract.not_vision");
  });

  it("rejects an empty selection", async () => {
    expect((await start({ modelId: models["vision-caption"], assetIds: [] })).status).toBe(400);
  });

  it("forbids viewers to caption", async () => {
    expect((await start({ modelId: models["vision-caption"], assetIds: imageIds }, harness.seed.viewer.token)).status).toBe(403);
  });
});
