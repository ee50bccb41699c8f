import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSystemStatus } from "@/lib/health/check";
import { DEAD_LETTER_QUEUE, queues } from "@/lib/queue/contract";
import { LUODI_VERSION } from "@/lib/system/version";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";

let database: TestDatabase;
let gatewayPort: number;
let worker: TsxProcess | undefined;
let gateway: TsxProcess | undefined;

const status = (now?: Date) => getSystemStatus(database.db, { host: "127.0.0.1", gatewayPort, now });

beforeAll(async () => {
  database = await startTestDatabase();
  gatewayPort = await findFreePort();
  // A client's first query loads Prisma's query compiler, which on a busy machine can exceed the
  // probes' 5 s. These tests are about what the probes report, not about cold starts.
  await database.db.$queryRaw`SELECT 1`;
});

afterAll(async () => {
  await worker?.stop("SIGKILL");
  await gateway?.stop("SIGKILL");
  await database?.stop();
});

describe("getSystemStatus", () => {
  it("reports worker, queue and gateway down before they start", async () => {
    const result = await status();

    expect(result.status).toBe("degraded");
    expect(result.database).toBe("ok");
    expect(result.queue).toBe('queue schema "pgboss" is not installed: start the worker, which installs it');
    expect(result.worker).toBe("no worker has started");
    expect(result.gateway).toBe(`gateway is not running at http://127.0.0.1:${gatewayPort}/health (connection refused)`);
    expect(result.services).toEqual([]);
  });

  it("reports ok once a worker and a gateway run", async () => {
    const env = { DATABASE_URL: database.url, HOST: "127.0.0.1", GATEWAY_PORT: String(gatewayPort), WORKER_CONCURRENCY: "2" };
    worker = startTsxProcess("worker/main.ts", env);
    gateway = startTsxProcess("gateway/server.ts", env);

    const result = await waitFor("every part ok", async () => {
      const current = await status();
      return current.status === "ok" && current;
    }, { timeoutMs: 90_000, intervalMs: 500 });

    expect(result).toMatchObject({ database: "ok", queue: "ok", worker: "ok", gateway: "ok" });
    const services = Object.fromEntries(result.services.map((service) => [service.service, service]));
    expect(services.worker).toMatchObject({ pid: worker.pid, version: LUODI_VERSION, state: "running" });
    expect(services.gateway).toMatchObject({ pid: gateway.pid, version: LUODI_VERSION, state: "running" });
    expect(services.worker?.uptimeSeconds).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("runs the worker's first heartbeat job", async () => {
    const run = await waitFor("a heartbeat JobRun", () => database.db.jobRun.findFirst({ where: { queue: "system.heartbeat" } }), { timeoutMs: 30_000 });

    expect(run.outcome).toBe("succeeded");
    const row = await database.db.serviceInstance.findFirstOrThrow({ where: { service: "worker", pid: worker!.pid } });
    expect(row.id).toBe(`worker:${row.hostname}:${worker!.pid}`);
    // Every queue of the contract except the dead-letter queue, which no worker consumes.
    expect(row.info).toMatchObject({ queues: Object.keys(queues).filter((name) => name !== DEAD_LETTER_QUEUE), concurrency: 2, finetuneConcurrency: 1 });
    // The worker adds the training device once the trainer's Python environment responds, which needs LUODI_PYTHON_ENV.
    expect(Object.keys(row.info as object).filter((name) => name !== "trainingDevice").sort()).toEqual(["concurrency", "finetuneConcurrency", "queues"]);
  });

  it("reports a worker without heartbeat as stale", async () => {
    const later = new Date(Date.now() + 120_000);

    const result = await status(later);
    expect(result.worker).toMatch(/^no worker heartbeat for 1[12]\d s$/);
    expect(result.services.find((service) => service.service === "worker")?.state).toBe("stale");
  });

  it("reports stopped processes after SIGTERM", async () => {
    expect(await worker!.stop("SIGTERM")).toBe(0);
    expect(await gateway!.stop("SIGTERM")).toBe(0);

    const result = await status();
    expect(result.status).toBe("degraded");
    expect(result.worker).toMatch(/^no worker running: the last one stopped \d+ s ago$/);
    expect(result.gateway).toMatch(/connection refused/);
    expect(result.services.map((service) => service.state)).toEqual(["stopped", "stopped"]);
  });
});
