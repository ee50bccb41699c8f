import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlaygroundChatHandler } from "@/lib/playground/chat-stream";
import { countTextTokens } from "@/lib/llm/estimate";
import { createMember, seedWorkspace, type Member } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { waitFor } from "../helpers/wait-for";
import { readEvents, registerFakeProvider } from "./fixtures";

let database: TestDatabase;
let fake: FakeOpenAi;
let admin: Member;
let product: Member;
let viewer: Member;
let workspaceId: string;
let models: Record<string, string>;
let slowModels: Record<string, string>;
let POST: (request: Request) => Promise<Response>;

const jsonReplyFor = (text: string) => (text.includes("bad-json") ? '{"answer": 3, "extra": true}' : null);

beforeAll(async () => {
  database = await startTestDatabase();
  const seed = await seedWorkspace(database.db);
  workspaceId = seed.workspace.id;
  admin = seed.admin;
  viewer = seed.viewer;
  product = await createMember(database.db, workspaceId, "product@example.com", "product");

  fake = await startFakeOpenAi({
    reply: ({ messages, body }) => {
      const last = messages.at(-1);
      const text = typeof last?.content === "string" ? last.content : "";
      const custom = jsonReplyFor(text);
      if (custom) return custom;
      if (body.response_format) return JSON.stringify({ answer: text });
      return `Echo: ${text}`;
    },
  });
  ({ modelIds: models } = await registerFakeProvider(database.db, workspaceId, fake.url, [
    { name: "fake-chat" },
    { name: "vision-fake", capabilities: ["chat", "vision"] },
    { name: "fail-500" },
    { name: "fail-429" },
    { name: "cut" },
    { name: "no-usage", inputPrice: null },
  ]));
  ({ modelIds: slowModels } = await registerFakeProvider(database.db, workspaceId, fake.url, [{ name: "hang" }], { timeoutMs: 300 }));

  POST = createPlaygroundChatHandler({ db: () => database.db, resolveSession: async () => null, publicUrl: () => undefined });
});

afterAll(async () => {
  await fake.close();
  await database.stop();
});

function chatRequest(body: unknown, token = product.token, init: RequestInit = {}): Request {
  return new Request("http://127.0.0.1:3000/api/playground/chat", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

const ask = (modelId: string, text: string, extra: Record<string, unknown> = {}) => ({ modelId, messages: [{ role: "user", content: text }], ...extra });

async function latestLog() {
  return database.db.requestLog.findFirstOrThrow({ where: { workspaceId }, orderBy: { id: "desc" } });
}

describe("POST /api/playground/chat", () => {
  it("streams deltas and a done event", async () => {
    const response = await POST(chatRequest(ask(models["fake-chat"]!, "你好，世界", { params: { temperature: 0.3, max_tokens: 200 } })));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");

    const events = await readEvents(response);
    const deltas = events.filter((event) => event.event === "delta").map((event) => event.data.text);
    const done = events.at(-1)!;
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Echo: 你好，世界");
    expect(done.event).toBe("done");
    expect(done.data.text).toBe("Echo: 你好，世界");
    expect(done.data.usage).toMatchObject({ outputTokens: countTextTokens("Echo: 你好，世界"), estimated: false });
    expect(done.data.ttftMs).toEqual(expect.any(Number));
    expect(done.data.currency).toBe("CNY");
    expect(done.data.cost).toBeGreaterThan(0);
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: "fake-chat", temperature: 0.3, max_tokens: 200, stream: true });
  });

  it("records an ok row in the usage log", async () => {
    await readEvents(await POST(chatRequest(ask(models["fake-chat"]!, "log me"))));
    const log = await latestLog();
    expect(log).toMatchObject({ source: "playground", status: "ok", userId: product.id, model: "fake-chat", modelId: models["fake-chat"], stream: true, usageEstimated: false, currency: "CNY" });
    expect(log.ttftMs).not.toBeNull();
    expect(log.outputTokens).toBe(countTextTokens("Echo: log me"));
  });

  it("reports a 500 as an error event and logs it", async () => {
    const events = await readEvents(await POST(chatRequest(ask(models["fail-500"]!, "hi"))));
    expect(events).toHaveLength(1);
    expect(events[0]!.event).toBe("error");
    expect(events[0]!.data).toMatchObject({ kind: "upstream_status", httpStatus: 500, partialText: "" });

    const log = await latestLog();
    expect(log).toMatchObject({ status: "error", errorCode: "upstream_status", httpStatus: 500, inputTokens: 0, outputTokens: 0 });
  });

  it("passes Retry-After of a 429", async () => {
    const events = await readEvents(await POST(chatRequest(ask(models["fail-429"]!, "hi"))));
    expect(events[0]!.data).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 2, httpStatus: 429 });
  });

  it("keeps the partial text of a cut stream", async () => {
    const events = await readEvents(await POST(chatRequest(ask(models.cut!, "a long enough message to cut in half"))));
    const streamed = events.filter((event) => event.event === "delta").map((event) => event.data.text).join("");
    const error = events.at(-1)!;
    expect(error.event).toBe("error");
    expect(error.data.kind).toBe("stream_cut");
    expect(error.data.partialText).toBe(streamed);
    expect(streamed.length).toBeGreaterThan(0);

    const log = await latestLog();
    expect(log).toMatchObject({ status: "error", errorCode: "stream_cut", usageEstimated: true });
    expect(log.outputTokens).toBe(countTextTokens(streamed));
  });

  it("times out a hanging provider", async () => {
    const events = await readEvents(await POST(chatRequest(ask(slowModels.hang!, "hi"))));
    expect(events[0]!.data.kind).toBe("timeout");
    expect((await latestLog()).errorCode).toBe("timeout");
  });

  it("cancels upstream when the client goes away", async () => {
    const before = fake.requests.length;
    const response = await POST(chatRequest(ask(models["fake-chat"]!, "word ".repeat(200))));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("event: delta");
    await reader.cancel();

    const log = await waitFor("the cancelled call's log row", async () => {
      const found = await latestLog();
      return found.status === "cancelled" ? found : null;
    });
    expect(log.errorCode).toBe("cancelled");
    expect(log.outputTokens).toBeGreaterThan(0);
    expect(log.usageEstimated).toBe(true);
    expect(fake.requests.length).toBe(before + 1);
  });

  it("counts tokens when the provider sends no usage", async () => {
    const events = await readEvents(await POST(chatRequest(ask(models["no-usage"]!, "count me"))));
    const done = events.at(-1)!;
    expect(done.data.usage).toMatchObject({ estimated: true, outputTokens: countTextTokens("Echo: count me") });
    expect(done.data.cost).toBeNull();
    expect((await latestLog()).usageEstimated).toBe(true);
  });

  it("validates JSON output against the schema", async () => {
    const schema = { type: "object", required: ["answer"], properties: { answer: { type: "string" } }, additionalProperties: false };
    const events = await readEvents(await POST(chatRequest(ask(models["fake-chat"]!, "json please", { jsonSchema: schema }))));
    const done = events.at(-1)!;
    expect(done.data).toMatchObject({ text: '{"answer":"json please"}', schemaValid: true, schemaErrors: [] });
    expect(fake.requests.at(-1)!.body).toMatchObject({ response_format: { type: "json_schema", json_schema: { schema } } });
  });

  it("lists schema violations with their paths", async () => {
    const schema = { type: "object", required: ["answer"], properties: { answer: { type: "string" } }, additionalProperties: false };
    const events = await readEvents(await POST(chatRequest(ask(models["fake-chat"]!, "bad-json", { jsonSchema: schema }))));
    const done = events.at(-1)!;
    expect(done.data.schemaValid).toBe(false);
    const errors = done.data.schemaErrors as Array<{ path: string; keyword: string; params: Record<string, unknown> }>;
    expect(errors).toContainEqual(expect.objectContaining({ path: "/answer", keyword: "type", params: { type: "string" } }));
    expect(errors).toContainEqual(expect.objectContaining({ path: "", keyword: "additionalProperties" }));
  });

  it("rejects an invalid JSON Schema before sending", async () => {
    const before = fake.requests.length;
    const response = await POST(chatRequest(ask(models["fake-chat"]!, "hi", { jsonSchema: { type: "object", properties: { a: { type: "strin" } } } })));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { reason: string; params: { path: string; message: string; keyword: string; allowedValues: string } } };
    expect(body.error.reason).toBe("playground.invalid_schema");
    expect(body.error.params.path).toBe("/properties/a/type");
    expect(body.error.params.message).toContain("must be equal to one of the allowed values");
    expect(body.error.params.keyword).toBe("enum");
    expect(body.error.params.allowedValues).toContain('"string"');
    expect(fake.requests.length).toBe(before);
  });

  it("refuses images for a model without vision", async () => {
    const before = fake.requests.length;
    const content = [{ type: "text", text: "what is this" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }];
    const refused = await POST(chatRequest({ modelId: models["fake-chat"], messages: [{ role: "user", content }] }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { reason: string } }).error.reason).toBe("llm.unsupported_input");
    expect(fake.requests.length).toBe(before);

    const events = await readEvents(await POST(chatRequest({ modelId: models["vision-fake"], messages: [{ role: "user", content }] })));
    expect(events.at(-1)!.event).toBe("done");
    expect(JSON.stringify(fake.requests.at(-1)!.body)).toContain("data:image/png;base64,iVBORw0KGgo=");
  });

  it("rejects image URLs that are not data URLs", async () => {
    const content = [{ type: "image_url", image_url: { url: "http://10.255.255.1/cat.png" } }];
    const response = await POST(chatRequest({ modelId: models["vision-fake"], messages: [{ role: "user", content }] }));
    expect(response.status).toBe(400);
  });

  it("rejects bad parameters", async () => {
    const response = await POST(chatRequest(ask(models["fake-chat"]!, "hi", { params: { temperature: 5, stop: ["a", "b", "c", "d", "e"] } })));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields)).toEqual(expect.arrayContaining(["params.temperature", "params.stop"]));
  });

  it("answers 404 for an unknown model", async () => {
    const response = await POST(chatRequest(ask("no-such-model", "hi")));
    expect(response.status).toBe(404);
  });

  it("requires models.use and authentication", async () => {
    expect((await POST(chatRequest(ask(models["fake-chat"]!, "hi"), viewer.token))).status).toBe(403);
    const anonymous = new Request("http://127.0.0.1:3000/api/playground/chat", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await POST(anonymous)).status).toBe(401);
    const allowed = await POST(chatRequest(ask(models["fake-chat"]!, "hi"), admin.token));
    expect(allowed.status).toBe(200);
    expect((await readEvents(allowed)).at(-1)!.event).toBe("done");
  });
});
