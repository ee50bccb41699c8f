import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentConfig } from "@/lib/gateway/contracts";
import { createCanaryMonitor, rollbackNote } from "@/lib/gateway/canary-monitor";
import { createDb } from "@/lib/db/client";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const fixedNow = Date.parse("2026-12-05T08:00:00Z");

let database: TestDatabase;
let workspaceId: string;
let deploymentCount = 0;

beforeAll(async () => {
  database = await startTestDatabase();
  const workspace = await database.db.workspace.create({ data: { slug: "canary", name: "Canary workspace" } });
  workspaceId = workspace.id;
});

afterAll(async () => {
  await database?.stop();
});

/** Inserts an active-canary Deployment row and returns the config the gateway would hold for it. */
async function createCanaryDeployment(canary: { minRequests?: number; maxErrorRate?: number; maxP95Ms?: number | null } = {}) {
  const minRequests = canary.minRequests ?? 20;
  const maxErrorRate = canary.maxErrorRate ?? 0.2;
  const maxP95Ms = canary.maxP95Ms ?? null;
  const row = await database.db.deployment.create({
    data: {
      workspaceId,
      name: `canary-${++deploymentCount}`,
      targets: [{ modelId: "model-stable", weight: 1 }],
      canaryModelId: "model-canary",
      canaryPercent: 10,
      canaryMaxErrorRate: maxErrorRate,
      canaryMaxP95Ms: maxP95Ms,
      canaryMinRequests: minRequests,
      canaryState: "active",
    },
  });
  const config: DeploymentConfig = {
    id: row.id,
    workspaceId,
    name: row.name,
    targets: [{ modelId: "model-stable", weight: 1 }],
    fallbacks: [],
    canary: { modelId: "model-canary", percent: 10, maxErrorRate, maxP95Ms, minRequests, state: "active" },
    retries: row.retries,
    retryBackoffMs: row.retryBackoffMs,
    fallbackOn: row.fallbackOn,
    timeoutMs: row.timeoutMs,
    cacheTtlSeconds: row.cacheTtlSeconds,
    enabled: true,
  };
  return config;
}

function monitorWithLog() {
  const rollbacks: Array<{ deploymentId: string; note: string }> = [];
  const monitor = createCanaryMonitor(database.db, {
    log,
    onRollback: (deploymentId, note) => rollbacks.push({ deploymentId, note }),
    now: () => fixedNow,
  });
  return { monitor, rollbacks };
}

async function auditEventsFor(deploymentId: string) {
  return database.db.auditEvent.findMany({ where: { action: "deployments.canary_rolled_back", targetId: deploymentId } });
}

async function stateOf(deploymentId: string) {
  return database.db.deployment.findUniqueOrThrow({
    where: { id: deploymentId },
    select: { canaryState: true, canaryRolledBackAt: true, canaryRollbackNote: true },
  });
}

describe("canary monitor", () => {
  it("rolls back on error rate after minRequests", async () => {
    const config = await createCanaryDeployment({ minRequests: 20, maxErrorRate: 0.2 });
    const { monitor, rollbacks } = monitorWithLog();

    // 9 failures in the first 19 calls: far over 20%, but fewer than minRequests calls so far.
    for (let i = 0; i < 19; i++) monitor.record(config, { ok: i % 2 === 0, latencyMs: 100 });
    await monitor.drain();
    expect(rollbacks).toEqual([]);
    expect((await stateOf(config.id)).canaryState).toBe("active");

    monitor.record(config, { ok: true, latencyMs: 100 });
    expect(rollbacks).toHaveLength(1);
    await monitor.drain();

    const note = "error rate 45% over the last 20 canary calls exceeded the 20% limit";
    expect(rollbacks[0]).toEqual({ deploymentId: config.id, note });
    const state = await stateOf(config.id);
    expect(state.canaryState).toBe("rolled_back");
    expect(state.canaryRolledBackAt?.getTime()).toBe(fixedNow);
    expect(state.canaryRollbackNote).toBe(note);

    const events = await auditEventsFor(config.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actorType).toBe("system");
    expect(events[0]!.actorId).toBeNull();
    expect(events[0]!.workspaceId).toBe(workspaceId);
    expect(events[0]!.targetType).toBe("deployment");
    expect(events[0]!.changes).toMatchObject({
      canaryState: { from: "active", to: "rolled_back" },
      canaryModelId: "model-canary",
      calls: 20,
      errors: 9,
      errorRate: 0.45,
      maxErrorRate: 0.2,
      note,
    });
  });

  it("keeps a healthy canary", async () => {
    const config = await createCanaryDeployment({ minRequests: 20, maxErrorRate: 0.2, maxP95Ms: 1000 });
    const { monitor, rollbacks } = monitorWithLog();

    // 4 failures in every 20 calls is exactly 20%, which does not exceed the limit.
    for (let i = 0; i < 200; i++) monitor.record(config, { ok: i % 5 !== 0, latencyMs: 900 });
    await monitor.drain();

    expect(rollbacks).toEqual([]);
    expect((await stateOf(config.id)).canaryState).toBe("active");
  });

  it("rolls back on p95 latency", async () => {
    const config = await createCanaryDeployment({ minRequests: 20, maxErrorRate: 0.5, maxP95Ms: 2000 });
    const { monitor, rollbacks } = monitorWithLog();

    // One slow call in 20 leaves the p95 (the 19th of 20 sorted) fast, and a second one makes it slow.
    for (let i = 0; i < 19; i++) monitor.record(config, { ok: true, latencyMs: i === 5 ? 5000 : 300 });
    monitor.record(config, { ok: true, latencyMs: 300 });
    await monitor.drain();
    expect(rollbacks).toEqual([]);

    monitor.record(config, { ok: true, latencyMs: 2300 });
    await monitor.drain();

    const note = "p95 latency 2300 ms over the last 20 canary calls exceeded the 2000 ms limit";
    expect(rollbacks).toEqual([{ deploymentId: config.id, note }]);
    expect((await stateOf(config.id)).canaryState).toBe("rolled_back");
    const events = await auditEventsFor(config.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toMatchObject({ p95Ms: 2300, maxP95Ms: 2000, errors: 0 });
  });

  it("rolls back only once", async () => {
    const config = await createCanaryDeployment({ minRequests: 20 });
    const { monitor, rollbacks } = monitorWithLog();

    for (let i = 0; i < 20; i++) monitor.record(config, { ok: false, latencyMs: 50 });
    await monitor.drain();
    expect(rollbacks).toHaveLength(1);

    // Calls still in flight when the rollback happened report later, and they start a new window.
    for (let i = 0; i < 19; i++) monitor.record(config, { ok: false, latencyMs: 50 });
    await monitor.drain();
    expect(rollbacks).toHaveLength(1);

    // A full second window with a stale config tries the write again, but the row is no longer active.
    monitor.record(config, { ok: false, latencyMs: 50 });
    await monitor.drain();
    expect(await auditEventsFor(config.id)).toHaveLength(1);
  });

  it("resumed canary starts a fresh window", async () => {
    const config = await createCanaryDeployment({ minRequests: 4 });
    const before: DeploymentConfig = { ...config, canary: { ...config.canary!, changedAt: 1_000 } };
    const { monitor, rollbacks } = monitorWithLog();

    for (let i = 0; i < 4; i++) monitor.record(before, { ok: false, latencyMs: 50 });
    await monitor.drain();
    expect(rollbacks).toHaveLength(1);

    // Two calls still in flight at the rollback fail later, then an admin resumes the canary, which changes the row.
    monitor.record(before, { ok: false, latencyMs: 50 });
    monitor.record(before, { ok: false, latencyMs: 50 });
    await database.db.deployment.update({ where: { id: config.id }, data: { canaryState: "active", canaryRolledBackAt: null, canaryRollbackNote: null } });
    const resumed: DeploymentConfig = { ...config, canary: { ...config.canary!, changedAt: 2_000 } };

    for (let i = 0; i < 8; i++) monitor.record(resumed, { ok: true, latencyMs: 50 });
    await monitor.drain();

    expect(rollbacks).toHaveLength(1);
    expect((await stateOf(config.id)).canaryState).toBe("active");
  });

  it("ignores a canary that is not active", async () => {
    const config = await createCanaryDeployment({ minRequests: 20 });
    const rolledBack: DeploymentConfig = { ...config, canary: { ...config.canary!, state: "rolled_back" } };
    const { monitor, rollbacks } = monitorWithLog();

    for (let i = 0; i < 40; i++) monitor.record(rolledBack, { ok: false, latencyMs: 50 });
    await monitor.drain();

    expect(rollbacks).toEqual([]);
    expect((await stateOf(config.id)).canaryState).toBe("active");
  });

  it("writes one audit event across two replicas", async () => {
    const config = await createCanaryDeployment({ minRequests: 20 });
    const first = monitorWithLog();
    const second = monitorWithLog();

    for (let i = 0; i < 20; i++) {
      first.monitor.record(config, { ok: false, latencyMs: 50 });
      second.monitor.record(config, { ok: false, latencyMs: 50 });
    }
    await Promise.all([first.monitor.drain(), second.monitor.drain()]);

    // Both replicas stop sending canary traffic, but only one of them records the rollback.
    expect(first.rollbacks).toHaveLength(1);
    expect(second.rollbacks).toHaveLength(1);
    expect(await auditEventsFor(config.id)).toHaveLength(1);
    expect((await stateOf(config.id)).canaryState).toBe("rolled_back");
  });

  it("uses minRequests larger than the default window", async () => {
    const config = await createCanaryDeployment({ minRequests: 50 });
    const { monitor, rollbacks } = monitorWithLog();

    for (let i = 0; i < 49; i++) monitor.record(config, { ok: false, latencyMs: 50 });
    expect(rollbacks).toEqual([]);

    monitor.record(config, { ok: false, latencyMs: 50 });
    await monitor.drain();
    expect(rollbacks[0]?.note).toBe("error rate 100% over the last 50 canary calls exceeded the 20% limit");
  });

  it("survives a throwing callback", async () => {
    const config = await createCanaryDeployment({ minRequests: 20 });
    const monitor = createCanaryMonitor(database.db, {
      log,
      onRollback: () => {
        throw new Error("snapshot is gone");
      },
    });

    for (let i = 0; i < 20; i++) expect(() => monitor.record(config, { ok: false, latencyMs: 50 })).not.toThrow();
    await monitor.drain();

    expect((await stateOf(config.id)).canaryState).toBe("rolled_back");
  });

  it("logs a failed write without throwing", async () => {
    const config = await createCanaryDeployment({ minRequests: 20 });
    // Nothing listens on a port just handed out and released, so every query fails to connect.
    const unreachable = createDb(`postgresql://luodi:luodi@127.0.0.1:${await findFreePort()}/luodi`);
    const errors: unknown[] = [];
    const recordingLog = pino({ level: "error" }, { write: (line: string) => errors.push(JSON.parse(line)) });
    const rollbacks: string[] = [];
    const monitor = createCanaryMonitor(unreachable, { log: recordingLog, onRollback: (id) => rollbacks.push(id) });

    for (let i = 0; i < 20; i++) monitor.record(config, { ok: false, latencyMs: 50 });
    await monitor.drain();

    expect(rollbacks).toEqual([config.id]);
    expect(errors).toContainEqual(expect.objectContaining({ msg: "gateway.canary.rollback_write_failed", deploymentId: config.id }));
    await unreachable.$disconnect();
  });
});

describe("rollbackNote", () => {
  it("names both limits when both are crossed", () => {
    const note = rollbackNote(
      { calls: 20, errors: 5, errorRate: 0.25, p95Ms: 3120.4 },
      { maxErrorRate: 0.1, maxP95Ms: 3000 },
      { tooManyErrors: true, tooSlow: true },
    );

    expect(note).toBe(
      "error rate 25% over the last 20 canary calls exceeded the 10% limit; p95 latency 3120 ms over the last 20 canary calls exceeded the 3000 ms limit",
    );
  });
});
