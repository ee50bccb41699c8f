import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedAddressError } from "@/lib/net/guarded-fetch";
import { guardedUpstreamRequest } from "@/lib/net/guarded-upstream";

let server: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "http://10.255.255.1/secret" });
      res.end();
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ path: req.url, method: req.method, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function readText(body: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of body) text += chunk.toString();
  return text;
}

describe("guardedUpstreamRequest", () => {
  it("rejects loopback without an allow rule and sends nothing", async () => {
    const before = hits;
    await expect(guardedUpstreamRequest(`http://127.0.0.1:${port}/v1/chat/completions`, { method: "POST", body: "{}" }, { allowRules: [] })).rejects.toBeInstanceOf(BlockedAddressError);
    // A host name is judged by the lookup inside the connector, on the address it connects to.
    await expect(guardedUpstreamRequest(`http://localhost:${port}/v1/models`, {}, { allowRules: [] })).rejects.toThrow(/loopback or private address/);
    expect(hits).toBe(before);
  });

  it("sends the request when a rule allows the host", async () => {
    for (const [host, rule] of [["127.0.0.1", "127.0.0.1"], ["localhost", "localhost"]]) {
      const response = await guardedUpstreamRequest(`http://${host}:${port}/v1/chat/completions?x=1`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } }, { allowRules: [rule!] });
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(await readText(response.body))).toEqual({ path: "/v1/chat/completions?x=1", method: "POST", body: '{"a":1}' });
    }
  });

  it("returns redirects instead of following them", async () => {
    const response = await guardedUpstreamRequest(`http://127.0.0.1:${port}/redirect`, {}, { allowRules: ["127.0.0.1"] });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("http://10.255.255.1/secret");
    await readText(response.body);
  });

  it("rejects metadata addresses even when trusted", async () => {
    await expect(guardedUpstreamRequest("http://169.254.169.254/latest", {}, { allowRules: ["169.254.169.254"], trustedLoopback: true })).rejects.toThrow(/metadata/);
  });
});
