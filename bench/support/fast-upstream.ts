// A fast OpenAI-compatible upstream for the gateway benchmark: answers every chat completion at once with a
// fixed body and usage, streamed or not, so the latency measured through a gateway is the gateway's own.
// Prints its URL on stdout. Runs in its own process so it does not share a CPU queue with the load.
import http from "node:http";

const port = Number(process.env.UPSTREAM_PORT ?? 0);

function completion(model: string) {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: "好的，已为您查询。" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 24, completion_tokens: 9, total_tokens: 33 },
  });
}

function streamChunks(model: string): string {
  const base = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model };
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "好的，" }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: "已为您查询。" }, finish_reason: "stop" }] },
    { ...base, choices: [], usage: { prompt_tokens: 24, completion_tokens: 9, total_tokens: 33 } },
  ];
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n";
}

const server = http.createServer((request, response) => {
  const parts: Buffer[] = [];
  request.on("data", (part: Buffer) => parts.push(part));
  request.on("end", () => {
    if (request.url?.endsWith("/models")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ object: "list", data: [{ id: "bench-model", object: "model", owned_by: "bench" }] }));
      return;
    }
    let body: { model?: string; stream?: boolean } = {};
    try {
      body = JSON.parse(Buffer.concat(parts).toString("utf8"));
    } catch {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "bad json", type: "invalid_request_error", code: null, param: null } }));
      return;
    }
    const model = body.model ?? "bench-model";
    if (body.stream) {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(streamChunks(model));
      return;
    }
    const text = completion(model);
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    response.end(text);
  });
});
server.keepAliveTimeout = 120_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  console.log(`UPSTREAM_URL=http://127.0.0.1:${address.port}/v1`);
});
process.on("SIGTERM", () => process.exit(0));
