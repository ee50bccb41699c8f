import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness";

let harness: GatewayHarness;
let scoped: { key: string; id: string };
let wider: { key: string; id: string };
let optedOut: { key: string; id: string };

beforeAll(async () => {
  harness = await startGatewayHarness();
  await harness.createDeployment({ name: "cached", targets: [{ model: "fake-chat", weight: 1 }], cacheTtlSeconds: 60 });
  await harness.createDeployment({ name: "uncached", targets: [{ model: "fake-chat", weight: 1 }] });
  scoped = await harness.createKey({ allowedModels: ["cached", "uncached"] });
  wider = await harness.createKey({ allowedModels: ["cached", "uncached", "other"] });
  optedOut = await harness.createKey({ allowedModels: ["cached"], cacheEnabled: false });
  await harness.refresh();
});

afterAll(async () => {
  await harness?.stop();
});

function ask(key: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return harness.post("/v1/chat/completions", { model: "cached", messages: [{ role: "user", content }], temperature: 0.5, ...extra }, { key, headers });
}

describe("gateway response cache", () => {
  it("answers a repeated request from the cache", async () => {
    const from = harness.fake.requests.length;
    const first = await ask(scoped.key, "cache me");
    const firstBody = (await first.json()) as { id: string; model: string; choices: Array<{ message: { content: string } }> };
    expect(first.headers.get("x-luodi-cache")).toBe("miss");

    // Key order, `user` and `stream_options` do not change what is asked.
    const second = await harness.post("/v1/chat/completions", { temperature: 0.5, user: "end-user-7", messages: [{ content: "cache me", role: "user" }], model: "cached" }, { key: scoped.key });
    const secondBody = (await second.json()) as typeof firstBody;

    expect(second.headers.get("x-luodi-cache")).toBe("hit");
    expect(secondBody.id).toBe(firstBody.id);
    expect(secondBody.model).toBe("cached");
    expect(secondBody.choices[0]?.message.content).toBe("Echo: cache me");
    expect(harness.fake.requests.length - from).toBe(1);
  });

  it("misses when a sampling parameter differs", async () => {
    await ask(scoped.key, "parameters matter");
    const other = await ask(scoped.key, "parameters matter", { temperature: 0.9 });

    expect(other.headers.get("x-luodi-cache")).toBe("miss");
  });

  it("replays a cached answer as a stream", async () => {
    await ask(scoped.key, "replay me");
    const client = new OpenAI({ apiKey: scoped.key, baseURL: harness.baseURL, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({ model: "cached", messages: [{ role: "user", content: "replay me" }], temperature: 0.5, stream: true, stream_options: { include_usage: true } })
      .withResponse();

    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      usage = chunk.usage ?? usage;
    }
    expect(response.headers.get("x-luodi-cache")).toBe("hit");
    expect(text).toBe("Echo: replay me");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("caches a streamed answer", async () => {
    const from = harness.fake.requests.length;
    const first = await ask(scoped.key, "streamed first", { stream: true });
    expect(first.headers.get("x-luodi-cache")).toBe("miss");
    await first.text();

    const second = await ask(scoped.key, "streamed first");
    const body = (await second.json()) as { choices: Array<{ message: { content: string } }> };
    expect(second.headers.get("x-luodi-cache")).toBe("hit");
    expect(body.choices[0]?.message.content).toBe("Echo: streamed first");
    expect(harness.fake.requests.length - from).toBe(1);
  });

  it("bypasses the cache on request", async () => {
    await ask(scoped.key, "fresh please");
    const from = harness.fake.requests.length;

    const noCache = await ask(scoped.key, "fresh please", {}, { "cache-control": "no-cache" });
    const header = await ask(scoped.key, "fresh please", {}, { "x-luodi-cache": "bypass" });

    expect(noCache.headers.get("x-luodi-cache")).toBe("bypass");
    expect(header.headers.get("x-luodi-cache")).toBe("bypass");
    expect(harness.fake.requests.length - from).toBe(2);
  });

  it("never caches for a key that opted out", async () => {
    const from = harness.fake.requests.length;
    const first = await ask(optedOut.key, "private question");
    const second = await ask(optedOut.key, "private question");

    expect(first.headers.get("x-luodi-cache")).toBe("off");
    expect(second.headers.get("x-luodi-cache")).toBe("off");
    expect(harness.fake.requests.length - from).toBe(2);
  });

  it("keeps keys with different access apart", async () => {
    await ask(scoped.key, "scoped answer");
    const from = harness.fake.requests.length;

    const other = await ask(wider.key, "scoped answer");
    expect(other.headers.get("x-luodi-cache")).toBe("miss");
    expect(harness.fake.requests.length - from).toBe(1);
  });

  it("reports off for a deployment without a TTL", async () => {
    const response = await harness.post("/v1/chat/completions", { model: "uncached", messages: [{ role: "user", content: "x" }] }, { key: scoped.key });

    expect(response.headers.get("x-luodi-cache")).toBe("off");
  });

  it("logs hits with their recorded tokens", async () => {
    const rows = await harness.waitForLogs({ apiKeyId: scoped.id, cacheHit: true }, 3);
    const hit = rows[0]!;

    expect(hit).toMatchObject({ status: "ok", route: "cached", attempts: 0, usageEstimated: false });
    expect(hit.modelId).not.toBeNull();
    expect(hit.model).not.toBe("cached");
    expect(hit.inputTokens).toBeGreaterThan(0);
    expect(hit.outputTokens).toBeGreaterThan(0);
    expect(Number(hit.cost)).toBe(0);
  });
});
