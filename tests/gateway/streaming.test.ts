import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness";

let harness: GatewayHarness;
let key: { key: string; id: string };
let storing: { key: string; id: string };

beforeAll(async () => {
  harness = await startGatewayHarness({ fake: { chunkDelayMs: 10 } });
  await harness.createDeployment({ name: "chat", targets: [{ model: "fake-chat", weight: 1 }] });
  await harness.createDeployment({ name: "cutting", targets: [{ model: "cut-model", weight: 1 }], retries: 2, fallbacks: ["fake-chat"] });
  await harness.createDeployment({ name: "resetting", targets: [{ model: "cut-reset-model", weight: 1 }] });
  await harness.createDeployment({ name: "silent", targets: [{ model: "hang-model", weight: 1 }], timeoutMs: 30_000 });
  await harness.createDeployment({ name: "no-usage", targets: [{ model: "no-usage-model", weight: 1 }] });
  await harness.createDeployment({ name: "broken", targets: [{ model: "malformed-model", weight: 1 }] });
  await harness.createDeployment({ name: "chinese", targets: [{ model: "split-utf8-model", weight: 1 }] });
  key = await harness.createKey();
  storing = await harness.createKey({ storeContent: true });
  await harness.refresh();
});

afterAll(async () => {
  await harness?.stop();
});

function stream(model: string, content: string, apiKey = key.key, signal?: AbortSignal) {
  return fetch(`${harness.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content }], stream: true }),
    signal,
  });
}

/** Returns the data lines of an SSE body, parsed where they are JSON. */
function eventsOf(text: string): Array<Record<string, unknown> | string> {
  return text
    .split("\n\n")
    .map((block) => block.trim())
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice(6))
    .map((data) => (data === "[DONE]" ? data : (JSON.parse(data) as Record<string, unknown>)));
}

describe("gateway stream relay", () => {
  it("relays events with the deployment name and ends with [DONE]", async () => {
    const response = await stream("chat", "relay these words");
    const events = eventsOf(await response.text());

    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.filter((event): event is Record<string, unknown> => typeof event === "object");
    expect(chunks.every((chunk) => chunk.model === "chat")).toBe(true);
    expect(chunks.every((chunk) => !("usage" in chunk))).toBe(true);
  });

  it("keeps characters split across network chunks whole", async () => {
    const events = eventsOf(await (await stream("chinese", "say hello")).text());
    const text = events
      .filter((event): event is { choices: Array<{ delta: { content?: string } }> } => typeof event === "object" && Array.isArray(event.choices))
      .map((event) => event.choices[0]?.delta.content ?? "")
      .join("");

    expect(text).toBe("你好世界");
    expect(events.at(-1)).toBe("[DONE]");
  });

  it("sends an error event when the upstream cuts the stream", async () => {
    const from = harness.fake.requests.length;
    const response = await stream("cutting", "please answer at length so the cut lands mid-answer");
    const events = eventsOf(await response.text());

    expect(response.status).toBe(200);
    expect(events).not.toContain("[DONE]");
    const last = events.at(-1) as { error: { type: string; code: string; message: string } };
    expect(last.error).toMatchObject({ type: "server_error", code: "stream_cut" });
    expect(last.error.message).toContain("incomplete");
    // Bytes already reached the client, so neither a retry nor the fallback may run.
    expect(harness.fake.requests.length - from).toBe(1);
  });

  it("logs a cut stream with the usage so far", async () => {
    const [row] = await harness.waitForLogs({ route: "cutting" });

    expect(row).toMatchObject({ status: "error", errorCode: "stream_cut", httpStatus: 200, stream: true, usageEstimated: true, attempts: 1 });
    expect(row!.inputTokens).toBeGreaterThan(0);
    expect(row!.outputTokens).toBeGreaterThan(0);
    expect(Number(row!.cost)).toBeGreaterThan(0);
    expect(row!.ttftMs).not.toBeNull();
  });

  it("sends an error event when the upstream resets the connection", async () => {
    const events = eventsOf(await (await stream("resetting", "reset me halfway through please")).text());

    expect((events.at(-1) as { error: { code: string } }).error.code).toBe("stream_cut");
    const [row] = await harness.waitForLogs({ route: "resetting" });
    expect(row).toMatchObject({ status: "error", errorCode: "stream_cut" });
  });

  it("surfaces a cut stream as an SDK error", async () => {
    const client = new OpenAI({ apiKey: key.key, baseURL: harness.baseURL, maxRetries: 0 });
    const iterate = async () => {
      const chunks = await client.chat.completions.create({ model: "cutting", messages: [{ role: "user", content: "cut me off in the middle" }], stream: true });
      for await (const _chunk of chunks) {
        // Reading until the error event.
      }
    };

    await expect(iterate()).rejects.toBeInstanceOf(APIError);
  });

  it("sends an error event for a malformed event", async () => {
    const events = eventsOf(await (await stream("broken", "break the second event")).text());

    expect((events.at(-1) as { error: { code: string } }).error.code).toBe("malformed_response");
  });

  it("counts tokens when the upstream reports none", async () => {
    await (await stream("no-usage", "count my tokens yourself")).text();
    const [row] = await harness.waitForLogs({ route: "no-usage" });

    expect(row).toMatchObject({ status: "ok", usageEstimated: true });
    expect(row!.inputTokens).toBeGreaterThan(0);
    expect(row!.outputTokens).toBeGreaterThan(0);
  });

  it("logs a client that disconnects as cancelled", async () => {
    const controller = new AbortController();
    const response = stream("silent", "I will leave early", key.key, controller.signal).catch((error: unknown) => error);
    setTimeout(() => controller.abort(), 200);
    await response;

    const [row] = await harness.waitForLogs({ route: "silent" });
    expect(row).toMatchObject({ status: "cancelled", errorCode: "cancelled" });
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/luodi_gateway_in_flight_requests 0\b/);
  });

  it("stores masked content when the key allows it", async () => {
    await (await stream("chat", "Call me at 13812345678 tomorrow", storing.key)).text();
    const [row] = await harness.waitForLogs({ apiKeyId: storing.id });

    const content = row!.content as { messages: Array<{ content: string }>; answer: string };
    expect(content.messages[0]?.content).not.toContain("13812345678");
    expect(content.answer).not.toContain("13812345678");
    expect(content.answer).toContain("Echo:");
    expect(row!.queryHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores no content by default", async () => {
    const rows = await harness.waitForLogs({ apiKeyId: key.id, route: "chat" });

    expect(rows[0]!.content).toBeNull();
  });
});
