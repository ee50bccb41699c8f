import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { normalizeClientAddress } from "@/lib/http/client-address";

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts a loopback server that normalises the address and echoes the headers a handler would read. */
async function echoServer(trustedProxyHops: number): Promise<string> {
  server = createServer((request, response) => {
    normalizeClientAddress(request, trustedProxyHops);
    response.end(JSON.stringify({ forwardedFor: request.headers["x-forwarded-for"] ?? null, realIp: request.headers["x-real-ip"] ?? null }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

test("client address ignores spoofed headers without proxies", async () => {
  const url = await echoServer(0);

  const response = await fetch(url, { headers: { "X-Forwarded-For": "203.0.113.5", "X-Real-IP": "203.0.113.6" } });
  const body = await response.json();

  expect(body.forwardedFor).toBe("127.0.0.1");
  expect(body.realIp).toBeNull();
});

test("client address is the peer without headers", async () => {
  const url = await echoServer(0);

  const body = await (await fetch(url)).json();

  expect(body.forwardedFor).toBe("127.0.0.1");
});

test("client address trusts one proxy hop", async () => {
  const url = await echoServer(1);

  // The client forged the first entry; the trusted proxy appended the real client, 198.51.100.7.
  const response = await fetch(url, { headers: { "X-Forwarded-For": "203.0.113.5, 198.51.100.7" } });
  const body = await response.json();

  expect(body.forwardedFor).toBe("198.51.100.7");
});

test("client address falls back when the chain is short", async () => {
  const url = await echoServer(2);

  const body = await (await fetch(url)).json();

  expect(body.forwardedFor).toBe("127.0.0.1");
});
