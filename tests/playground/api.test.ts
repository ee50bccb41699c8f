import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as completionsExport } from "@/app/api/v1/playground/completions/route";
import { POST as saveRowsExport } from "@/app/api/v1/playground/dataset-rows/route";
import { POST as playgroundChatExport } from "@/app/api/playground/chat/route";
import { iterateRows } from "@/lib/datasets/rows-read";
import { apiRequest, createMember, readData, readJson, type ErrorBody, type Member } from "../api/fixtures";
import { startDatasetHarness, type DatasetHarness } from "../api/datasets-harness";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { readEvents, registerFakeProvider } from "./fixtures";

let harness: DatasetHarness;
let fake: FakeOpenAi;
let product: Member;
let models: Record<string, string>;

beforeAll(async () => {
  harness = await startDatasetHarness();
  product = await createMember(harness.db, harness.seed.workspace.id, "product@example.com", "product");
  fake = await startFakeOpenAi();
  ({ modelIds: models } = await registerFakeProvider(harness.db, harness.seed.workspace.id, fake.url, [{ name: "fake-chat" }, { name: "fail-429" }]));
});

afterAll(async () => {
  await fake.close();
  await harness.stop();
});

const hello = (modelId: string) => ({ modelId, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "你好" }] });

describe("POST /api/v1/playground/completions", () => {
  it("answers without streaming and logs the call", async () => {
    const response = await harness.handler(completionsExport)(apiRequest("/playground/completions", { token: product.token, body: hello(models["fake-chat"]!) }));
    const data = await readData<{ text: string; usage: { estimated: boolean }; currency: string }>(response, completionsExport);
    expect(data.text).toBe("Echo: 你好");
    expect(data.usage.estimated).toBe(false);
    expect(data.currency).toBe("CNY");

    const log = await harness.db.requestLog.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(log).toMatchObject({ source: "playground", status: "ok", stream: false, ttftMs: null });
    expect(log.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("maps a 429 to 502 with reason and Retry-After", async () => {
    const response = await harness.handler(completionsExport)(apiRequest("/playground/completions", { token: product.token, body: hello(models["fail-429"]!) }));
    expect(response.status).toBe(502);
    expect(response.headers.get("retry-after")).toBe("2");
    const body = await readJson<ErrorBody & { error: { reason: string; params: Record<string, unknown> } }>(response);
    expect(body.error.code).toBe("UPSTREAM_ERROR");
    expect(body.error.reason).toBe("llm.rate_limited");
    expect(body.error.params).toMatchObject({ status: 429, seconds: 2 });
  });

  it("reports schema validity", async () => {
    const jsonSchema = { type: "object", required: ["label"], properties: { label: { enum: ["greeting", "other"] } } };
    const response = await harness.handler(completionsExport)(apiRequest("/playground/completions", { token: product.token, body: { ...hello(models["fake-chat"]!), jsonSchema } }));
    const data = await readData<{ text: string; schemaValid: boolean }>(response, completionsExport);
    expect(JSON.parse(data.text)).toEqual({ label: "greeting" });
    expect(data.schemaValid).toBe(true);
  });

  it("forbids viewers", async () => {
    const response = await harness.handler(completionsExport)(apiRequest("/playground/completions", { token: harness.seed.viewer.token, body: hello(models["fake-chat"]!) }));
    expect(response.status).toBe(403);
  });
});

describe("exported playground stream handler", () => {
  it("serves a token-authenticated request", async () => {
    // The exported handler uses the process-wide client, which reads DATABASE_URL on first use.
    process.env.DATABASE_URL = harness.database.url;
    const request = new Request("http://127.0.0.1:3000/api/playground/chat", {
      method: "POST",
      headers: { authorization: `Bearer ${product.token}`, "content-type": "application/json" },
      body: JSON.stringify(hello(models["fake-chat"]!)),
    });
    const events = await readEvents(await playgroundChatExport(request));
    expect(events.at(-1)).toMatchObject({ event: "done", data: { text: "Echo: 你好" } });
  });
});

type SavedRows = { datasetId: string; importId: string; rows: number; status: string; rowsInvalid: number };

async function saveRows(token: string, body: unknown) {
  return harness.handler(saveRowsExport)(apiRequest("/playground/dataset-rows", { token, body }));
}

async function rowsOf(versionId: string) {
  const rows = [];
  for await (const row of iterateRows(harness.db, versionId)) rows.push(row);
  return rows;
}

describe("POST /api/v1/playground/dataset-rows", () => {
  const conversation = [
    { role: "system", content: "你是客服。" },
    { role: "user", content: "我想订酒店" },
  ];

  it("creates a dataset and appends rows in later versions", async () => {
    const token = harness.seed.admin.token;
    const first = await readData<SavedRows>(await saveRows(token, { newDatasetName: "客服对话", messages: conversation, answers: ["好的，哪天入住？", "请问几位？"] }), saveRowsExport);
    expect(first.status).toBe("importing");
    expect(first.rows).toBe(2);
    const v1 = await harness.waitForImport(token, first.importId, ["importing"]);
    expect(v1.status).toBe("completed");

    const rows = await rowsOf(v1.versionId!);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.data).toEqual({ messages: [...conversation, { role: "assistant", content: "好的，哪天入住？" }] });

    const second = await readData<SavedRows>(
      await saveRows(token, { datasetId: first.datasetId, messages: [{ role: "user", content: "退房时间？" }], answers: ["中午十二点。"] }),
      saveRowsExport,
    );
    const v2 = await harness.waitForImport(token, second.importId, ["importing"]);
    expect(v2.status).toBe("completed");
    expect(await rowsOf(v2.versionId!)).toHaveLength(3);

    const audit = await harness.db.auditEvent.findMany({ where: { targetId: first.datasetId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(["datasets.create", "datasets.import.start", "datasets.import.commit"]));
  });

  it("refuses a dataset of another type", async () => {
    const token = harness.seed.admin.token;
    const dataset = await harness.createDataset(token, "classification-set");
    await harness.db.dataset.update({ where: { id: dataset.id }, data: { type: "classification" } });

    const response = await saveRows(token, { datasetId: dataset.id, messages: conversation, answers: ["x"] });
    expect(response.status).toBe(409);
    expect((await readJson<{ error: { reason: string } }>(response)).error.reason).toBe("playground.dataset_not_chat");
  });

  it("rejects a conversation without a closing user turn", async () => {
    const response = await saveRows(harness.seed.admin.token, { newDatasetName: "x", messages: [{ role: "assistant", content: "hi" }], answers: ["x"] });
    expect(response.status).toBe(400);
  });

  it("needs datasets.write", async () => {
    const response = await saveRows(product.token, { newDatasetName: "product-set", messages: conversation, answers: ["x"] });
    expect(response.status).toBe(403);
  });
});
