import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/gateway/key-secret";
import { startGatewayHarness, type GatewayHarness, type OpenAiErrorBody } from "./gateway-harness";

let harness: GatewayHarness;
let key: string;

const hello = [{ role: "user", content: "Hello" }];

beforeAll(async () => {
  harness = await startGatewayHarness({ settings: { LUODI_GATEWAY_MAX_BODY_MB: 0.01, LUODI_GATEWAY_MAX_N: 4 } });
  await harness.createDeployment({ name: "chat", targets: [{ model: "fake-chat", weight: 1 }] });
  await harness.createDeployment({ name: "embed", targets: [{ model: "fake-embedding", weight: 1 }] });
  key = (await harness.createKey()).key;
  await harness.refresh();
});

afterAll(async () => {
  await harness?.stop();
});

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as OpenAiErrorBody).error };
}

function chat(body: unknown, headers: Record<string, string> = {}) {
  return harness.post("/v1/chat/completions", body, { key, headers });
}

describe("gateway authentication errors", () => {
  it("rejects a request without a key", async () => {
    const response = await harness.post("/v1/chat/completions", { model: "chat", messages: hello });
    const error = await errorOf(response);

    expect(error).toMatchObject({ status: 401, type: "authentication_error", code: "invalid_api_key" });
    expect(error.message).toContain("Authorization: Bearer");
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("rejects a malformed Authorization header", async () => {
    const error = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { headers: { authorization: "Basic dXNlcjpwYXNz" } }));

    expect(error).toMatchObject({ status: 401, type: "authentication_error", code: "invalid_api_key" });
    expect(error.message).toContain("Authorization header is malformed");
  });

  it("rejects a key of the wrong shape", async () => {
    const error = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: "sk-not-a-luodi-key" }));

    expect(error).toMatchObject({ status: 401, code: "invalid_api_key" });
    expect(error.message).toContain('start with "lk-"');
  });

  it("rejects an unknown key", async () => {
    const error = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: generateApiKey().key }));

    expect(error).toMatchObject({ status: 401, code: "invalid_api_key" });
    expect(error.message).toContain("is not valid");
  });

  it("rejects an expired key", async () => {
    const expired = await harness.createKey({ expiresAt: new Date(Date.now() - 60_000) });
    await harness.refresh();
    const error = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: expired.key }));

    expect(error).toMatchObject({ status: 401, type: "authentication_error", code: "expired_api_key" });
    expect(error.message).toContain(expired.prefix);
    expect(error.message).toContain("expired on");
  });

  it("rejects a revoked key", async () => {
    const revoked = await harness.createKey({ revokedAt: new Date(Date.now() - 1000) });
    await harness.refresh();
    const error = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: revoked.key }));

    expect(error).toMatchObject({ status: 401, type: "authentication_error", code: "revoked_api_key" });
    expect(error.message).toContain("was revoked");
  });

  it("stops a key revoked after the last refresh", async () => {
    const active = await harness.createKey();
    await harness.refresh();
    expect((await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: active.key })).status).toBe(200);

    await harness.db.apiKey.update({ where: { id: active.id }, data: { revokedAt: new Date() } });
    await harness.refresh();
    const error = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: active.key }));
    expect(error.code).toBe("revoked_api_key");
  });

  it("accepts a key created after the last refresh", async () => {
    const fresh = await harness.createKey();
    const response = await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: fresh.key });

    expect(response.status).toBe(200);
  });

  it("remembers an unknown key until the next refresh", async () => {
    const late = generateApiKey();
    const before = await errorOf(await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: late.key }));
    expect(before.code).toBe("invalid_api_key");

    // The key now exists, but the miss is cached, so the database is not asked again at once.
    await harness.db.apiKey.create({ data: { workspaceId: harness.workspace.id, name: "late", prefix: late.prefix, keyHash: late.keyHash } });
    expect((await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: late.key })).status).toBe(401);

    await harness.refresh();
    expect((await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { key: late.key })).status).toBe(200);
  });

  it("accepts the api-key header of Azure clients", async () => {
    const response = await harness.post("/v1/chat/completions", { model: "chat", messages: hello }, { headers: { "api-key": key } });

    expect(response.status).toBe(200);
  });
});

describe("gateway request errors", () => {
  it("rejects malformed JSON with its position", async () => {
    const error = await errorOf(await chat('{"model": "chat",\n "messages": [}'));

    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", code: "invalid_json", param: null });
    expect(error.message).toContain("not valid JSON");
    expect(error.message).toContain('unexpected "}" at position 32 (line 2, column 15)');
  });

  it("rejects a truncated body", async () => {
    const error = await errorOf(await chat('{"model": "chat"'));

    expect(error).toMatchObject({ status: 400, code: "invalid_json" });
    expect(error.message).toContain("the body ends too early at position 16");
  });

  it("rejects a body that is not an object", async () => {
    const error = await errorOf(await chat("[1, 2]"));

    expect(error).toMatchObject({ status: 400, code: "invalid_json" });
    expect(error.message).toContain("must be a JSON object, but it is an array");
  });

  it("rejects a body over the size limit", async () => {
    const big = { model: "chat", messages: [{ role: "user", content: "x".repeat(20_000) }] };
    const error = await errorOf(await chat(big));

    expect(error).toMatchObject({ status: 413, type: "invalid_request_error", code: "request_too_large" });
    expect(error.message).toContain("LUODI_GATEWAY_MAX_BODY_MB");
  });

  it("rejects a chunked body once it passes the limit", async () => {
    const { status, body } = await sendChunked(`${harness.url}/v1/chat/completions`, key, ["{\"model\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": \"", "y".repeat(20_000), "\"}]}"]);

    expect(status).toBe(413);
    expect((JSON.parse(body) as OpenAiErrorBody).error.code).toBe("request_too_large");
  });

  it("rejects a missing model", async () => {
    const error = await errorOf(await chat({ messages: hello }));

    expect(error).toMatchObject({ status: 400, param: "model", code: "missing_required_parameter" });
    expect(error.message).toContain("GET /v1/models");
  });

  it("rejects an unknown model", async () => {
    const error = await errorOf(await chat({ model: "gpt-9", messages: hello }));

    expect(error).toMatchObject({ status: 404, type: "invalid_request_error", param: "model", code: "model_not_found" });
    expect(error.message).toContain("`gpt-9`");
  });

  it("rejects missing messages", async () => {
    const error = await errorOf(await chat({ model: "chat" }));

    expect(error).toMatchObject({ status: 400, param: "messages", code: "missing_required_parameter" });
  });

  it("rejects empty messages", async () => {
    const error = await errorOf(await chat({ model: "chat", messages: [] }));

    expect(error).toMatchObject({ status: 400, param: "messages", code: "empty_array" });
    expect(error.message).toContain("at least one message");
  });

  it("rejects an unknown role", async () => {
    const error = await errorOf(await chat({ model: "chat", messages: [{ role: "user", content: "a" }, { role: "robot", content: "b" }] }));

    expect(error).toMatchObject({ status: 400, param: "messages[1].role", code: "invalid_role" });
    expect(error.message).toContain('"robot"');
    expect(error.message).toContain("system, developer, user, assistant, tool");
  });

  it("rejects a tool message without a tool call", async () => {
    const messages = [
      { role: "user", content: "weather?" },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ];
    const error = await errorOf(await chat({ model: "chat", messages }));

    expect(error).toMatchObject({ status: 400, param: "messages[1].role", code: "invalid_role_order" });
    expect(error.message).toContain("messages[1]");
    expect(error.message).toContain('"call_1"');
  });

  it("rejects tool calls left unanswered", async () => {
    const messages = [
      { role: "user", content: "weather?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: "{}" } }] },
      { role: "user", content: "well?" },
    ];
    const error = await errorOf(await chat({ model: "chat", messages }));

    expect(error).toMatchObject({ status: 400, param: "messages[1].tool_calls", code: "invalid_role_order" });
    expect(error.message).toContain("before messages[2]");
  });

  it("accepts a correct tool exchange", async () => {
    const messages = [
      { role: "user", content: "weather?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
      { role: "user", content: "thanks" },
    ];
    expect((await chat({ model: "chat", messages })).status).toBe(200);
  });

  it("rejects n over the maximum", async () => {
    const error = await errorOf(await chat({ model: "chat", messages: hello, n: 5 }));

    expect(error).toMatchObject({ status: 400, param: "n", code: "invalid_value" });
    expect(error.message).toContain("at most 4");
    expect(error.message).toContain("LUODI_GATEWAY_MAX_N");
  });

  it.each([
    ["a private address", "http://10.1.2.3/cat.png", "loopback or private address"],
    ["a metadata address", "http://169.254.169.254/latest/meta-data/", "cloud metadata address"],
    ["IPv6 loopback", "http://[::1]:8080/cat.png", "loopback or private address"],
  ])("rejects an image URL at %s", async (_, url, reason) => {
    const messages = [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url } }] }];
    const error = await errorOf(await chat({ model: "chat", messages }));

    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", param: "messages[0].content[1].image_url.url", code: "image_url_blocked" });
    expect(error.message).toContain(reason);
  });

  it("forwards an inline data: image", async () => {
    const messages = [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }];
    expect((await chat({ model: "chat", messages })).status).toBe(200);
  });

  it("rejects embeddings without input", async () => {
    const error = await errorOf(await harness.post("/v1/embeddings", { model: "embed" }, { key }));

    expect(error).toMatchObject({ status: 400, param: "input", code: "missing_required_parameter" });
  });

  it("rejects a wrong method", async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` } });
    const error = await errorOf(response);

    expect(error).toMatchObject({ status: 405, code: "method_not_allowed" });
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("logs rejected requests of a known key", async () => {
    const rows = await harness.waitForLogs({ errorCode: "invalid_role" });

    expect(rows[0]).toMatchObject({ status: "error", httpStatus: 400, route: "chat", attempts: 0 });
  });

  it("logs malformed JSON of a known key", async () => {
    const rows = await harness.waitForLogs({ errorCode: "invalid_json" }, 3);

    expect(rows[0]).toMatchObject({ status: "error", httpStatus: 400, route: null });
  });
});

/** Sends a body in chunks without Content-Length, as streaming clients do. */
function sendChunked(url: string, apiKey: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "transfer-encoding": "chunked" } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}
