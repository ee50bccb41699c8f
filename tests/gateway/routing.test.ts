import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS, seededRandom, startGatewayHarness, type GatewayHarness, type OpenAiErrorBody } from "./gateway-harness";
import { waitFor } from "../helpers/wait-for";

let harness: GatewayHarness;
let key: string;
// Swapped per test, so each test replays a known sequence of draws.
let random = seededRandom(1);

beforeAll(async () => {
  harness = await startGatewayHarness({
    random: () => random(),
    models: [...DEFAULT_MODELS, { name: "flaky-500-model", capabilities: ["chat"] }],
  });
  key = (await harness.createKey()).key;
});

afterAll(async () => {
  await harness?.stop();
});

function chat(model: string, content = "route me") {
  return harness.post("/v1/chat/completions", { model, messages: [{ role: "user", content }] }, { key });
}

/** Upstream model names the fake saw since `from`, in order. */
function upstreamModelsSince(from: number): string[] {
  return harness.fake.requests.slice(from).map((request) => (request.body as { model: string }).model);
}

describe("gateway routing", () => {
  it("splits traffic by weight", async () => {
    await harness.createDeployment({ name: "ab-test", targets: [{ model: "fake-chat", weight: 3 }, { model: "fake-chat-b", weight: 1 }] });
    await harness.refresh();
    random = seededRandom(42);
    const replay = seededRandom(42);
    const expected = Array.from({ length: 40 }, () => (replay() * 4 < 3 ? "fake-chat" : "fake-chat-b"));

    const from = harness.fake.requests.length;
    for (let index = 0; index < 40; index++) expect((await chat("ab-test")).status).toBe(200);

    const seen = upstreamModelsSince(from);
    expect(seen).toEqual(expected);
    expect(seen.filter((model) => model === "fake-chat-b").length).toBeGreaterThan(0);
    expect(seen.filter((model) => model === "fake-chat").length).toBeGreaterThan(seen.filter((model) => model === "fake-chat-b").length);
  });

  it("retries a 500 and then succeeds", async () => {
    await harness.createDeployment({ name: "flaky", targets: [{ model: "flaky-500-model", weight: 1 }], retries: 1, retryBackoffMs: 10 });
    await harness.refresh();
    const from = harness.fake.requests.length;

    const response = await chat("flaky", "retry please");
    expect(response.status).toBe(200);
    expect(upstreamModelsSince(from)).toEqual(["flaky-500-model", "flaky-500-model"]);

    const [row] = await harness.waitForLogs({ route: "flaky" });
    expect(row).toMatchObject({ status: "ok", attempts: 2, fallbackUsed: false, modelId: harness.modelId("flaky-500-model") });
  });

  it("falls back on a listed status", async () => {
    await harness.createDeployment({ name: "fallback-429", targets: [{ model: "fail-429-model", weight: 1 }], fallbacks: ["fake-chat-b"], fallbackOn: [429] });
    await harness.refresh();
    const from = harness.fake.requests.length;

    const response = await chat("fallback-429");
    const body = (await response.json()) as { model: string };
    expect(response.status).toBe(200);
    expect(body.model).toBe("fallback-429");
    expect(upstreamModelsSince(from)).toEqual(["fail-429-model", "fake-chat-b"]);

    const [row] = await harness.waitForLogs({ route: "fallback-429" });
    expect(row).toMatchObject({ status: "ok", attempts: 2, fallbackUsed: true, modelId: harness.modelId("fake-chat-b") });
  });

  it("does not fall back on an unlisted status", async () => {
    await harness.createDeployment({ name: "no-fallback-500", targets: [{ model: "fail-500-model", weight: 1 }], fallbacks: ["fake-chat-b"], fallbackOn: [429] });
    await harness.refresh();
    const from = harness.fake.requests.length;

    const response = await chat("no-fallback-500");
    const { error } = (await response.json()) as OpenAiErrorBody;
    expect(response.status).toBe(502);
    expect(error).toMatchObject({ type: "server_error", code: "upstream_error" });
    expect(error.message).toContain("HTTP 500");
    expect(upstreamModelsSince(from)).toEqual(["fail-500-model"]);

    const rows = await harness.waitForLogs({ route: "no-fallback-500" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "error", httpStatus: 502, errorCode: "upstream_status", attempts: 1 });
  });

  it("falls back after a timeout", async () => {
    await harness.createDeployment({ name: "slow", targets: [{ model: "hang-model", weight: 1 }], fallbacks: ["fake-chat-b"], timeoutMs: 300 });
    await harness.refresh();

    const response = await chat("slow");
    expect(response.status).toBe(200);

    const [row] = await harness.waitForLogs({ route: "slow" });
    expect(row).toMatchObject({ status: "ok", attempts: 2, fallbackUsed: true, modelId: harness.modelId("fake-chat-b") });
  });

  it("answers 504 when every attempt times out", async () => {
    await harness.createDeployment({ name: "stuck", targets: [{ model: "hang-model", weight: 1 }], timeoutMs: 300 });
    await harness.refresh();

    const response = await chat("stuck");
    const { error } = (await response.json()) as OpenAiErrorBody;
    expect(response.status).toBe(504);
    expect(error).toMatchObject({ type: "server_error", code: "upstream_timeout" });
    expect(error.message).toContain("300 ms");
  });

  it("sends the canary its share", async () => {
    await harness.createDeployment({ name: "canary-share", targets: [{ model: "fake-chat", weight: 1 }], canary: { model: "fake-chat-b", percent: 25, minRequests: 1000 } });
    await harness.refresh();
    random = seededRandom(7);
    const replay = seededRandom(7);
    const expected = Array.from({ length: 40 }, () => (replay() < 0.25 ? "fake-chat-b" : "fake-chat"));

    const from = harness.fake.requests.length;
    for (let index = 0; index < 40; index++) expect((await chat("canary-share")).status).toBe(200);

    expect(upstreamModelsSince(from)).toEqual(expected);
    const canaryRows = await harness.waitForLogs({ route: "canary-share", canary: true }, expected.filter((model) => model === "fake-chat-b").length);
    expect(canaryRows.every((row) => row.modelId === harness.modelId("fake-chat-b"))).toBe(true);
  });

  it("rolls a failing canary back", async () => {
    const deployment = await harness.createDeployment({
      name: "canary-bad",
      targets: [{ model: "fake-chat", weight: 1 }],
      fallbacks: ["fake-chat"],
      canary: { model: "fail-500-model", percent: 50, maxErrorRate: 0.2, minRequests: 4 },
    });
    await harness.refresh();
    random = seededRandom(3);

    // Every request still succeeds: a failed canary call falls back to the primary target.
    for (let index = 0; index < 30; index++) expect((await chat("canary-bad")).status).toBe(200);

    const row = await waitFor("canary rollback", async () => {
      const current = await harness.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      return current.canaryState === "rolled_back" ? current : null;
    });
    expect(row.canaryRollbackNote).toContain("error rate");

    const from = harness.fake.requests.length;
    for (let index = 0; index < 10; index++) expect((await chat("canary-bad")).status).toBe(200);
    expect(upstreamModelsSince(from).every((model) => model === "fake-chat")).toBe(true);
  });
});
