import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertUrlAllowed, BlockedAddressError, guardedFetch, UnsupportedUrlError } from "@/lib/net/guarded-fetch";

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
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("guardedFetch", () => {
  it("refuses loopback without an allow rule and sends nothing", async () => {
    const before = hits;
    await expect(guardedFetch(`http://127.0.0.1:${port}/v1/models`, {}, { allowRules: [] })).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(guardedFetch(`http://localhost:${port}/v1/models`, {}, { allowRules: [] })).rejects.toThrow(/loopback or private address/);
    expect(hits).toBe(before);
  });

  it("connects when a rule allows the host or its range", async () => {
    for (const rule of ["127.0.0.1", "127.0.0.0/8", "localhost"]) {
      const host = rule === "localhost" ? "localhost" : "127.0.0.1";
      const response = await guardedFetch(`http://${host}:${port}/v1/models`, { method: "POST", body: "{}" }, { allowRules: [rule] });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ path: "/v1/models", method: "POST" });
    }
  });

  it("judges each policy object on its own rules", async () => {
    const closed = { allowRules: [] as string[] };
    const open = { allowRules: ["127.0.0.1"] };
    const before = hits;
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(guardedFetch(`http://127.0.0.1:${port}/v1/models`, {}, closed)).rejects.toBeInstanceOf(BlockedAddressError);
    }
    expect(hits).toBe(before);

    const response = await guardedFetch(`http://127.0.0.1:${port}/v1/models`, {}, open);
    expect(response.status).toBe(200);
    await response.text();
    await expect(guardedFetch(`http://127.0.0.1:${port}/v1/models`, {}, closed)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it("lets the local runtime reach loopback without a rule", async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/health`, {}, { allowRules: [], trustedLoopback: true });
    expect(response.status).toBe(200);
    await response.text();
  });

  it("returns redirects instead of following them", async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/redirect`, {}, { allowRules: ["127.0.0.1"] });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://10.255.255.1/secret");
  });

  it("refuses private and metadata addresses before connecting", async () => {
    await expect(assertUrlAllowed("http://10.255.255.1/v1", { allowRules: [] })).rejects.toThrow(/private address/);
    await expect(assertUrlAllowed("http://[::ffff:192.168.0.1]/v1", { allowRules: [] })).rejects.toBeInstanceOf(BlockedAddressError);
    // A rule covering all of link-local still never exposes the metadata endpoint.
    await expect(assertUrlAllowed("http://169.254.169.254/latest/meta-data", { allowRules: ["169.254.0.0/16"] })).rejects.toThrow(/metadata address/);
    await expect(assertUrlAllowed("http://100.100.100.200/", { allowRules: ["100.64.0.0/10"] })).rejects.toThrow(/metadata address/);
    await expect(assertUrlAllowed("http://10.255.255.1/v1", { allowRules: ["10.0.0.0/8"] })).resolves.toBeUndefined();
  });

  it("refuses URLs that are not plain http(s)", async () => {
    await expect(guardedFetch("file:///etc/passwd", {}, { allowRules: [] })).rejects.toBeInstanceOf(UnsupportedUrlError);
    await expect(guardedFetch("http://user:pass@127.0.0.1/", {}, { allowRules: ["127.0.0.1"] })).rejects.toThrow(/user name or password/);
    await expect(guardedFetch("not a url", {}, { allowRules: [] })).rejects.toThrow(/absolute URL/);
  });

  it("aborts with the caller's signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(guardedFetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }, { allowRules: ["127.0.0.1"] })).rejects.toThrow();
  });
});
