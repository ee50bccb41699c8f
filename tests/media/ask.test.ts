import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listQuestionsExport, POST as askExport } from "@/app/api/v1/media/[assetId]/questions/route";
import type { ChatMessage } from "@/lib/llm/types";
import { apiRequest, readData, readJson, withParams } from "../api/fixtures";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { registerFakeProvider } from "../playground/fixtures";
import { silentWav, startMediaHarness, type MediaHarness } from "./harness";

type QuestionView = { id: string; kind: string; model: string; question: string; answer: string | null; status: string; error: string | null };
type ErrorBody = { error: { code: string; message: string; reason?: string } };

const PHONE = "13812345678";
const OCR_TEXT = `品牌 Luodi 电话 ${PHONE}`;

let harness: MediaHarness;
let fake: FakeOpenAi;
let token: string;
let imageId: string;
let audioId: string;
let models: Record<string, string>;

beforeAll(async () => {
  harness = await startMediaHarness();
  token = harness.seed.admin.token;
  fake = await startFakeOpenAi({
    reply: ({ model }) => (model.startsWith("vision") ? "A blue square with a phone number." : "text only"),
  });
  const registered = await registerFakeProvider(
    harness.db,
    harness.seed.workspace.id,
    fake.url,
    [
      { name: "vision-chat", capabilities: ["chat", "vision"] },
      { name: "plain-chat", capabilities: ["chat"] },
      { name: "fail-500-vision", capabilities: ["chat", "vision"] },
      { name: "hang-vision", capabilities: ["chat", "vision"] },
    ],
    { timeoutMs: 800 },
  );
  models = registered.modelIds;

  const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: "#2255aa" } }).png().toBuffer();
  const [image] = await harness.upload(token, [{ name: "blue.png", bytes: png }]);
  imageId = (await harness.waitUntilProcessed(token, image!.asset!.id)).id;
  // OCR is not consumed by this harness, so the text is stored as if OCR had run under a raw-text policy.
  await harness.db.mediaAsset.update({ where: { id: imageId }, data: { ocrStatus: "done", ocrText: OCR_TEXT } });

  const [audio] = await harness.upload(token, [{ name: "quiet.wav", bytes: silentWav(1) }]);
  audioId = audio!.asset!.id;
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await harness?.stop();
});

async function ask(assetId: string, body: unknown, as = token): Promise<Response> {
  return harness.handler(askExport)(apiRequest(`/media/${assetId}/questions`, { token: as, body }), withParams({ assetId }));
}

function lastChatRequest(): { messages: ChatMessage[] } {
  const request = fake.requests.filter((entry) => entry.path === "/v1/chat/completions").at(-1);
  if (!request) throw new Error("the fake provider received no chat request");
  return request.body as { messages: ChatMessage[] };
}

function sentParts(): { text: string; imageUrl: string } {
  const [message] = lastChatRequest().messages;
  const parts = Array.isArray(message?.content) ? message.content : [];
  const text = parts.filter((part) => part.type === "text").map((part) => (part as { text: string }).text).join("\n");
  const image = parts.find((part) => part.type === "image_url") as { image_url: { url: string } } | undefined;
  return { text, imageUrl: image?.image_url.url ?? "" };
}

describe("ask about an image", () => {
  it("sends image and masked OCR text", async () => {
    const response = await ask(imageId, { modelId: models["vision-chat"], question: "What colour is it?" });
    expect(response.status).toBe(201);
    const question = await readData<QuestionView>(response, askExport);
    expect(question.status).toBe("ok");
    expect(question.answer).toBe("A blue square with a phone number.");
    expect(question.kind).toBe("question");

    const sent = sentParts();
    expect(sent.imageUrl.startsWith("data:image/")).toBe(true);
    expect(sent.text).toContain("What colour is it?");
    expect(sent.text).toContain("品牌 Luodi");
    expect(sent.text).not.toContain(PHONE);
  });

  it("sends raw OCR text when policy allows", async () => {
    await harness.db.workspace.update({ where: { id: harness.seed.workspace.id }, data: { mediaRawText: true } });
    try {
      await readData<QuestionView>(await ask(imageId, { modelId: models["vision-chat"], question: "Which number?" }), askExport);
      expect(sentParts().text).toContain(PHONE);
    } finally {
      await harness.db.workspace.update({ where: { id: harness.seed.workspace.id }, data: { mediaRawText: false } });
    }
  });

  it("logs the call and audits the ask", async () => {
    const logs = await harness.db.requestLog.count({ where: { workspaceId: harness.seed.workspace.id, source: "media" } });
    expect(logs).toBeGreaterThanOrEqual(2);
    const audits = await harness.db.auditEvent.count({ where: { action: "media.ask", targetId: imageId } });
    expect(audits).toBeGreaterThanOrEqual(2);
  });

  it("rejects a model without vision", async () => {
    const before = fake.requests.length;
    const response = await ask(imageId, { modelId: models["plain-chat"], question: "Hi?" });
    expect(response.status).toBe(400);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.reason).toBe("mediaExtract.not_vision");
    expect(body.error.message).toContain("vision");
    expect(fake.requests.length).toBe(before);
  });

  it("rejects audio files", async () => {
    const response = await ask(audioId, { modelId: models["vision-chat"], question: "Hi?" });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("mediaExtract.not_an_image");
  });

  it("rejects an empty question", async () => {
    const response = await ask(imageId, { modelId: models["vision-chat"], question: "   " });
    expect(response.status).toBe(400);
  });

  it("stores a provider error in plain words", async () => {
    const question = await readData<QuestionView>(await ask(imageId, { modelId: models["fail-500-vision"], question: "Why?" }), askExport);
    expect(question.status).toBe("error");
    expect(question.answer).toBeNull();
    expect(question.error).toMatch(/500/);
  });

  it("stores a timeout in plain words", async () => {
    const question = await readData<QuestionView>(await ask(imageId, { modelId: models["hang-vision"], question: "Still there?" }), askExport);
    expect(question.status).toBe("error");
    expect(question.error).toContain("did not respond within 800 ms");
  });

  it("forbids viewers to ask", async () => {
    const response = await ask(imageId, { modelId: models["vision-chat"], question: "Hi?" }, harness.seed.viewer.token);
    expect(response.status).toBe(403);
  });

  it("lists history newest first", async () => {
    const response = await harness.handler(listQuestionsExport)(apiRequest(`/media/${imageId}/questions`, { token: harness.seed.viewer.token }), withParams({ assetId: imageId }));
    const history = await readData<QuestionView[]>(response, listQuestionsExport);
    expect(history.map((entry) => entry.question)).toEqual(["Still there?", "Why?", "Which number?", "What colour is it?"]);
  });
});
