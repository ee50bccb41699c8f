import net, { type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";
import { startGatewayHarness, type GatewayHarness, type OpenAiErrorBody } from "./gateway-harness";

/**
 * Starts a loopback TCP proxy in front of the test database. pause() closes every connection and refuses new ones,
 * as a database server that went down does; resume() listens again on the same port.
 */
async function startPausableProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const port = await findFreePort();
  const sockets = new Set<Socket>();
  let server: net.Server | null = null;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  await listen();

  const proxied = new URL(targetUrl);
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    async pause() {
      const closing = server;
      server = null;
      await new Promise<void>((resolve) => {
        if (!closing) return resolve();
        closing.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    resume: listen,
    close() {
      for (const socket of sockets) socket.destroy();
      server?.close();
    },
  };
}

let harness: GatewayHarness;
let proxy: Awaited<ReturnType<typeof startPausableProxy>>;
let key: { key: string; id: string };

beforeAll(async () => {
  harness = await startGatewayHarness({
    settings: { LUODI_GATEWAY_MAX_IN_FLIGHT: 2 },
    gatewayDatabaseUrl: async (url) => {
      proxy = await startPausableProxy(url);
      return proxy.url;
    },
  });
  await harness.createDeployment({ name: "chat", targets: [{ model: "fake-chat", weight: 1 }] });
  await harness.createDeployment({ name: "silent", targets: [{ model: "hang-model", weight: 1 }], timeoutMs: 30_000 });
  key = await harness.createKey({ rpmLimit: 1000 });
  await harness.refresh();
});

afterAll(async () => {
  await harness?.stop();
  proxy?.close();
});

function chat(content: string) {
  return harness.post("/v1/chat/completions", { model: "chat", messages: [{ role: "user", content }] }, { key: key.key });
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${harness.url}/metrics`)).text();
  const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  if (!match) throw new Error(`/metrics has no ${name}:\n${text}`);
  return Number(match[1]);
}

describe("gateway under failure", () => {
  it("keeps serving while the database is down and writes the logs later", async () => {
    expect((await chat("before the outage")).status).toBe(200);
    await harness.waitForLogs({ apiKeyId: key.id });

    await proxy.pause();
    for (let index = 0; index < 5; index++) {
      const response = await chat(`during the outage ${index}`);
      expect(response.status).toBe(200);
    }
    await waitFor("buffered log entries", async () => (await metric("luodi_gateway_log_buffered_entries")) >= 5);

    await proxy.resume();
    const rows = await harness.waitForLogs({ apiKeyId: key.id }, 6);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.status === "ok")).toBe(true);
    await waitFor("empty log buffer", async () => (await metric("luodi_gateway_log_buffered_entries")) === 0);
  });

  it("answers 429 when too many requests are in flight", async () => {
    const controller = new AbortController();
    const hanging = [0, 1].map(() =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "silent", messages: [{ role: "user", content: "wait" }] }),
        signal: controller.signal,
      }).catch(() => null),
    );
    await waitFor("two requests in flight", async () => (await metric("luodi_gateway_in_flight_requests")) === 2);

    const response = await chat("one too many");
    const { error } = (await response.json()) as OpenAiErrorBody;
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(error).toMatchObject({ type: "rate_limit_error", code: "server_overloaded" });

    controller.abort();
    await Promise.all(hanging);
    await waitFor("no request in flight", async () => (await metric("luodi_gateway_in_flight_requests")) === 0);
    expect((await chat("room again")).status).toBe(200);
  });
});
