import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatCompletion } from "@/lib/llm/client";
import { countChatTokens, countTextTokens } from "@/lib/llm/estimate";
import { LlmError, type ChatRequest } from "@/lib/llm/types";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { targetFor } from "./target";

let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: "sk-test-key" });
});

afterAll(async () => {
  await fake.close();
});

const hello: ChatRequest = { messages: [{ role: "user", content: "你好" }], params: {} };

function target(model: string, overrides = {}) {
  return targetFor(fake.url, model, { apiKey: "sk-test-key", ...overrides });
}

/** Runs a call that must fail and returns its LlmError. */
async function failure(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LlmError);
    return error as LlmError;
  }
  throw new Error("The call succeeded but was expected to fail");
}

describe("chatCompletion", () => {
  it("returns text, usage and cost without streaming", async () => {
    const result = await chatCompletion(target("fake-chat"), hello);

    expect(result.text).toBe("Echo: 你好");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.estimated).toBe(false);
    expect(result.usage.outputTokens).toBe(countTextTokens("Echo: 你好"));
    expect(result.ttftMs).toBeNull();
    expect(result.cost).toBeCloseTo((result.usage.inputTokens * 2 + result.usage.outputTokens * 8) / 1e6, 10);
    expect(result.currency).toBe("USD");
    expect(result.httpStatus).toBe(200);
  });

  it("sends the bearer key, the model and the parameters", async () => {
    const before = fake.requests.length;
    await chatCompletion(target("fake-chat"), { messages: hello.messages, params: { temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ["END"] } });

    const sent = fake.requests[before]!;
    expect(sent.headers.authorization).toBe("Bearer sk-test-key");
    expect(sent.body).toMatchObject({ model: "fake-chat", temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ["END"] });
    expect(sent.body).not.toHaveProperty("stream");
  });

  it("omits Authorization without a key", async () => {
    const open = await startFakeOpenAi();
    try {
      await chatCompletion(targetFor(open.url, "fake-chat"), hello);
      expect(open.requests[0]!.headers).not.toHaveProperty("authorization");
    } finally {
      await open.close();
    }
  });

  it("streams deltas with usage from the last chunk", async () => {
    const deltas: string[] = [];
    const result = await chatCompletion(target("fake-chat"), { messages: [{ role: "user", content: "stream this sentence please" }], params: {} }, {
      onDelta: (text) => deltas.push(text),
    });

    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join("")).toBe("Echo: stream this sentence please");
    expect(result.text).toBe(deltas.join(""));
    expect(result.usage.estimated).toBe(false);
    expect(result.ttftMs).not.toBeNull();
    expect(result.ttftMs!).toBeLessThanOrEqual(result.latencyMs);
    expect(fake.requests.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("applies max_tokens as finish_reason length", async () => {
    const result = await chatCompletion(target("fake-chat"), { messages: [{ role: "user", content: "one two three four five six" }], params: { max_tokens: 2 } });
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(2);
  });

  it("rejects a wrong API key with upstream_status 401", async () => {
    const error = await failure(chatCompletion(target("fake-chat", { apiKey: "sk-wrong" }), hello));
    expect(error.kind).toBe("upstream_status");
    expect(error.details.httpStatus).toBe(401);
    expect(error.details.providerMessage).toContain("Incorrect API key");
    expect(error.retryable).toBe(false);
  });

  it("maps 429 to rate_limited with Retry-After", async () => {
    const error = await failure(chatCompletion(target("fail-429"), hello));
    expect(error.kind).toBe("rate_limited");
    expect(error.details.retryAfterSeconds).toBe(2);
    expect(error.details.httpStatus).toBe(429);
    expect(error.retryable).toBe(true);
  });

  it("maps 500 to upstream_status with the provider message", async () => {
    const error = await failure(chatCompletion(target("fail-500"), hello, { onDelta: () => undefined }));
    expect(error.kind).toBe("upstream_status");
    expect(error.details.httpStatus).toBe(500);
    expect(error.details.providerMessage).toBe("The server had an error while processing your request.");
    expect(error.retryable).toBe(true);
  });

  it("times out on a hanging provider", async () => {
    const startedAt = Date.now();
    const error = await failure(chatCompletion(target("hang", { timeoutMs: 300 }), hello, { onDelta: () => undefined }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("300 ms");
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    expect(error.details.latencyMs).toBeGreaterThanOrEqual(250);
  });

  it("reports a cancelled call as cancelled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(chatCompletion(target("hang"), hello, { signal: controller.signal, onDelta: () => undefined }));
    expect(error.kind).toBe("cancelled");
  });

  it("keeps partial text when cancelled mid-stream", async () => {
    const controller = new AbortController();
    const long = "word ".repeat(60);
    const error = await failure(
      chatCompletion(target("fake-chat"), { messages: [{ role: "user", content: long }], params: {} }, {
        signal: controller.signal,
        onDelta: () => controller.abort(),
      }),
    );
    expect(error.kind).toBe("cancelled");
    expect(error.details.partialText).toBeTruthy();
    expect(error.details.usage?.estimated).toBe(true);
  });

  it("names a malformed JSON body", async () => {
    const error = await failure(chatCompletion(target("malformed"), hello));
    expect(error.kind).toBe("malformed_response");
    expect(error.message).toContain("The response body is not valid JSON");
  });

  it("names a malformed stream event and keeps the text before it", async () => {
    const error = await failure(chatCompletion(target("malformed"), { messages: [{ role: "user", content: "abcdefghijkl" }], params: {} }, { onDelta: () => undefined }));
    expect(error.kind).toBe("malformed_response");
    expect(error.message).toContain("A stream event is not valid JSON");
    expect(error.details.partialText).toBe("Echo");
  });

  it("keeps partial text of a cut stream", async () => {
    const deltas: string[] = [];
    const error = await failure(
      chatCompletion(target("cut"), { messages: [{ role: "user", content: "a long enough message to cut" }], params: {} }, { onDelta: (text) => deltas.push(text) }),
    );
    expect(error.kind).toBe("stream_cut");
    expect(error.details.partialText).toBe(deltas.join(""));
    expect(error.details.partialText!.length).toBeGreaterThan(0);
    expect("Echo: a long enough message to cut".startsWith(error.details.partialText!)).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it("keeps partial text of a reset stream", async () => {
    const error = await failure(
      chatCompletion(target("cut-reset"), { messages: [{ role: "user", content: "a long enough message to cut" }], params: {} }, { onDelta: () => undefined }),
    );
    expect(error.kind).toBe("stream_cut");
    expect(error.details.partialText).toMatch(/^Echo/);
  });

  it("reports a body reset halfway as stream_cut", async () => {
    const error = await failure(chatCompletion(target("cut"), hello));
    expect(error.kind).toBe("stream_cut");
  });

  it("decodes UTF-8 split across chunks", async () => {
    const deltas: string[] = [];
    const result = await chatCompletion(target("split-utf8"), hello, { onDelta: (text) => deltas.push(text) });
    expect(result.text).toBe("你好世界");
    expect(result.text).not.toContain("\uFFFD");
  });

  it("counts tokens itself when usage is missing", async () => {
    const streamed = await chatCompletion(target("no-usage"), hello, { onDelta: () => undefined });
    expect(streamed.usage).toEqual({ inputTokens: countChatTokens(hello.messages), outputTokens: countTextTokens("Echo: 你好"), estimated: true });

    const plain = await chatCompletion(target("no-usage"), hello);
    expect(plain.usage.estimated).toBe(true);
    expect(plain.cost).not.toBeNull();
  });

  it("returns null cost without prices", async () => {
    const result = await chatCompletion(target("fake-chat", { prices: { input: null, output: 1, currency: "CNY" } }), hello);
    expect(result.cost).toBeNull();
    expect(result.currency).toBeNull();
  });

  it("refuses images for a model without vision", async () => {
    const before = fake.requests.length;
    const withImage: ChatRequest = {
      messages: [{ role: "user", content: [{ type: "text", text: "what is this" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }],
      params: {},
    };

    const error = await failure(chatCompletion(target("fake-chat"), withImage));
    expect(error.kind).toBe("unsupported_input");
    expect(error.details.usage).toEqual({ inputTokens: 0, outputTokens: 0, estimated: false });
    expect(fake.requests.length).toBe(before);

    const result = await chatCompletion(target("vision-fake", { capabilities: ["chat", "vision"] }), withImage);
    expect(result.text).toBe("Echo: what is this [images: 1]");
  });

  it("refuses a private address without an allow rule", async () => {
    const error = await failure(chatCompletion(targetFor("http://10.255.255.1/v1", "fake-chat", { policy: { allowRules: [] } }), hello));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).toContain("10.255.255.1");
  });

  it("refuses loopback without an allow rule", async () => {
    const before = fake.requests.length;
    const error = await failure(chatCompletion(target("fake-chat", { policy: { allowRules: [] } }), hello));
    expect(error.kind).toBe("blocked_address");
    expect(fake.requests.length).toBe(before);
  });

  it("reports a refused connection as network", async () => {
    const closed = await startFakeOpenAi();
    const url = closed.url;
    await closed.close();
    const error = await failure(chatCompletion(targetFor(url, "fake-chat"), hello));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
  });
});
