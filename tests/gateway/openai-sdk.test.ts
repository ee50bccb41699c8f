import OpenAI, { AuthenticationError, BadRequestError, NotFoundError, PermissionDeniedError, RateLimitError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_PROVIDER_KEY, startGatewayHarness, type GatewayHarness } from "./gateway-harness";

let harness: GatewayHarness;
let key: { key: string; id: string; prefix: string };
let client: OpenAI;

beforeAll(async () => {
  harness = await startGatewayHarness();
  await harness.createDeployment({ name: "support-chat", targets: [{ model: "fake-chat", weight: 1 }] });
  await harness.createDeployment({ name: "embed", targets: [{ model: "fake-embedding", weight: 1 }] });
  await harness.createDeployment({ name: "secret-chat", targets: [{ model: "fake-chat-b", weight: 1 }] });
  key = await harness.createKey({ allowedModels: ["support-chat", "embed"] });
  await harness.refresh();
  // No SDK retries, so each test checks the gateway's first response.
  client = new OpenAI({ apiKey: key.key, baseURL: harness.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await harness?.stop();
});

describe("official Node SDK through the gateway", () => {
  it("creates a chat completion", async () => {
    const completion = await client.chat.completions.create({ model: "support-chat", messages: [{ role: "user", content: "Hello gateway" }] });

    expect(completion.model).toBe("support-chat");
    expect(completion.choices[0]?.message.content).toBe("Echo: Hello gateway");
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);

    const upstream = harness.fake.requests.at(-1)!;
    expect((upstream.body as { model: string }).model).toBe("fake-chat");
    expect(upstream.headers.authorization).toBe(`Bearer ${FAKE_PROVIDER_KEY}`);
  });

  it("streams a chat completion", async () => {
    const stream = await client.chat.completions.create({ model: "support-chat", messages: [{ role: "user", content: "stream this please" }], stream: true });
    let text = "";
    const models = new Set<string>();
    let usageChunks = 0;
    for await (const chunk of stream) {
      models.add(chunk.model);
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usageChunks++;
    }

    expect(text).toBe("Echo: stream this please");
    expect([...models]).toEqual(["support-chat"]);
    // The gateway asked the upstream for usage but the client did not, so the usage chunk is dropped.
    expect(usageChunks).toBe(0);
    expect((harness.fake.requests.at(-1)!.body as { stream_options: unknown }).stream_options).toEqual({ include_usage: true });
  });

  it("keeps the usage chunk when the client asks", async () => {
    const stream = await client.chat.completions.create({
      model: "support-chat",
      messages: [{ role: "user", content: "count me" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;

    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("creates embeddings", async () => {
    const result = await client.embeddings.create({ model: "embed", input: ["first text", "second text"] });

    expect(result.model).toBe("embed");
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBe(16);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("lists only the deployments the key may use", async () => {
    const page = await client.models.list();
    const ids = page.data.map((model) => model.id);

    expect(ids).toEqual(["embed", "support-chat"]);
    expect(page.data[0]).toMatchObject({ object: "model", owned_by: "luodi" });
  });

  it("raises AuthenticationError for an unknown key", async () => {
    const stranger = new OpenAI({ apiKey: `lk-${"A".repeat(43)}`, baseURL: harness.baseURL, maxRetries: 0 });
    const error = await stranger.chat.completions.create({ model: "support-chat", messages: [{ role: "user", content: "hi" }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe("invalid_api_key");
    expect((error as AuthenticationError).type).toBe("authentication_error");
  });

  it("raises NotFoundError for an unknown model", async () => {
    const error = await client.chat.completions.create({ model: "no-such-deployment", messages: [{ role: "user", content: "hi" }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe("model_not_found");
    expect((error as NotFoundError).message).toContain("no-such-deployment");
    expect((error as NotFoundError).message).toContain("GET /v1/models");
  });

  it("raises PermissionDeniedError for a model outside the key's list", async () => {
    const error = await client.chat.completions.create({ model: "secret-chat", messages: [{ role: "user", content: "hi" }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).code).toBe("model_not_allowed");
  });

  it("raises BadRequestError for bad input", async () => {
    const error = await client.chat.completions.create({ model: "support-chat", messages: [] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe("messages");
  });

  it("raises RateLimitError over the key's RPM", async () => {
    const limited = await harness.createKey({ allowedModels: ["support-chat"], rpmLimit: 1 });
    await harness.refresh();
    const limitedClient = new OpenAI({ apiKey: limited.key, baseURL: harness.baseURL, maxRetries: 0 });

    await limitedClient.chat.completions.create({ model: "support-chat", messages: [{ role: "user", content: "one" }] });
    const error = await limitedClient.chat.completions.create({ model: "support-chat", messages: [{ role: "user", content: "two" }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe("rate_limit_exceeded");
    expect(Number((error as RateLimitError).headers?.get("retry-after"))).toBeGreaterThan(0);
  });

  it("logs each request with key, route and target", async () => {
    const rows = await harness.waitForLogs({ apiKeyId: key.id, status: "ok", route: "support-chat" }, 3);
    const first = rows[0]!;

    expect(first).toMatchObject({ source: "gateway", modelId: harness.modelId("fake-chat"), model: "fake-chat", httpStatus: 200, attempts: 1, cacheHit: false, usageEstimated: false });
    expect(first.inputTokens).toBeGreaterThan(0);
    expect(Number(first.cost)).toBeGreaterThan(0);
    expect(first.queryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.content).toBeNull();
    const streamed = rows.find((row) => row.stream);
    expect(streamed?.ttftMs).not.toBeNull();
  });

  it("logs embeddings with their usage", async () => {
    const [row] = await harness.waitForLogs({ apiKeyId: key.id, route: "embed" });

    expect(row).toMatchObject({ status: "ok", modelId: harness.modelId("fake-embedding"), outputTokens: 0, usageEstimated: false });
    expect(row!.inputTokens).toBeGreaterThan(0);
  });

  it("serves Prometheus metrics without a key", async () => {
    const response = await fetch(`${harness.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(text).toContain('luodi_gateway_requests_total{endpoint="/v1/chat/completions",deployment="support-chat",status="200",cache="off"}');
    expect(text).toMatch(/luodi_gateway_in_flight_requests \d+/);
    expect(text).toMatch(/luodi_gateway_log_written_entries \d+/);
    expect(text).toMatch(/luodi_gateway_config_age_seconds [\d.]+/);
    expect(text).toMatch(/nodejs_eventloop_delay_p99_seconds [\d.e-]+/);
    expect(text).toMatch(/nodejs_gc_pause_seconds_total [\d.e-]+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });
});
