import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LUODI_VERSION } from "@/lib/system/version";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";

let database: TestDatabase;
let gateway: TsxProcess;
let baseUrl: string;
const started: TsxProcess[] = [];

function startGateway(env: Record<string, string>): TsxProcess {
  const child = startTsxProcess("gateway/server.ts", { HOST: "127.0.0.1", ...env });
  started.push(child);
  return child;
}

beforeAll(async () => {
  database = await startTestDatabase();
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  gateway = startGateway({ DATABASE_URL: database.url, GATEWAY_PORT: String(port) });
  await gateway.waitForOutput(/"gateway\.started"/);
});

afterAll(async () => {
  for (const child of started) await child.stop("SIGKILL");
  await database?.stop();
});

describe("gateway server", () => {
  it("answers /health with its status", async () => {
    const response = await fetch(`${baseUrl}/health`);
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: "ok", service: "gateway", version: LUODI_VERSION, database: "ok" });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("echoes a well-formed request id", async () => {
    const response = await fetch(`${baseUrl}/health`, { headers: { "x-request-id": "client-req.42" } });

    expect(response.headers.get("x-request-id")).toBe("client-req.42");
  });

  it("replaces a malformed request id", async () => {
    const response = await fetch(`${baseUrl}/health`, { headers: { "x-request-id": "bad id with spaces" } });

    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("points clients outside /v1 at the right prefix", async () => {
    const body = (await (await fetch(`${baseUrl}/chat/completions`)).json()) as { error: { message: string } };
    expect(body.error.message).toBe("Unknown request URL: GET /chat/completions. Check the path; the OpenAI-compatible API is served under /v1.");
  });

  it("returns an OpenAI-style 404 for unknown paths", async () => {
    const response = await fetch(`${baseUrl}/v1/unknown?api-key=secret-value`);
    const body = await response.json();

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body).toEqual({
      error: {
        message: "Unknown request URL: GET /v1/unknown. This gateway does not serve that endpoint yet; see the Known limits in Luodi's README.",
        type: "invalid_request_error",
        param: null,
        code: "not_found",
      },
    });
  });

  it("returns 405 for a wrong method", async () => {
    const response = await fetch(`${baseUrl}/health`, { method: "POST" });
    const body = await response.json();

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "method_not_allowed" });
  });

  it("logs requests with id, path and status", async () => {
    await fetch(`${baseUrl}/v1/logged?api-key=secret-value`, { headers: { "x-request-id": "log-check-1" } });

    await waitFor("request log line", () => gateway.output().includes('"requestId":"log-check-1"'));
    const line = gateway.output().split("\n").find((entry) => entry.includes('"requestId":"log-check-1"'))!;
    expect(JSON.parse(line)).toMatchObject({ msg: "http.request", method: "GET", path: "/v1/logged", status: 404 });
    expect(gateway.output()).not.toContain("secret-value");
  });

  it("registers its ServiceInstance", async () => {
    const row = await waitFor("gateway row", () => database.db.serviceInstance.findFirst({ where: { service: "gateway", pid: gateway.pid } }));

    expect(row.id).toBe(`gateway:${row.hostname}:${gateway.pid}`);
    expect(row.version).toBe(LUODI_VERSION);
    expect(row.info).toEqual({ url: baseUrl });
  });

  it("reports an unreachable database as degraded", async () => {
    // Nothing listens on this loopback port, so every database connection is refused.
    const port = await findFreePort();
    const closedDatabaseUrl = `postgresql://postgres:postgres@127.0.0.1:${await findFreePort()}/postgres`;
    const orphan = startGateway({ DATABASE_URL: closedDatabaseUrl, GATEWAY_PORT: String(port) });
    await orphan.waitForOutput(/"gateway\.started"/);

    const response = await fetch(`http://127.0.0.1:${port}/health`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.database).not.toBe("ok");
    expect(body.database).not.toContain("postgres:postgres");
    expect(await orphan.stop("SIGTERM")).toBe(0);
  });

  it("exits 1 naming the port when it is in use", async () => {
    const port = await findFreePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));

    try {
      const second = startGateway({ DATABASE_URL: database.url, GATEWAY_PORT: String(port) });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(second.output()).toContain("set GATEWAY_PORT to a free port");
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it("stops on SIGTERM and marks its row stopped", async () => {
    expect(await gateway.stop("SIGTERM")).toBe(0);

    const row = await database.db.serviceInstance.findFirstOrThrow({ where: { service: "gateway", pid: gateway.pid } });
    expect(row.info).toMatchObject({ stoppedAt: expect.any(String) });
    expect(gateway.output()).toContain('"gateway.stopped"');
  });
});
