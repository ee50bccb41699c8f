import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { InvalidJobPayloadError, sendJob, startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { workQueues } from "@/lib/queue/work";
import { registerInstance, type InstanceHandle } from "@/lib/system/instance";
import { LUODI_VERSION } from "@/lib/system/version";
import { createHandlers } from "@/worker/handlers";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

let database: TestDatabase;
let boss: PgBoss;
let instance: InstanceHandle;

beforeAll(async () => {
  database = await startTestDatabase();
  boss = await startBoss(database.url, { service: "worker", log });
  instance = await registerInstance(database.db, "worker", { concurrency: 1 });
  await workQueues(boss, queues, createHandlers({ db: database.db, instance }), { db: database.db, log }, { concurrency: 1, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await database?.stop();
});

describe("system.heartbeat", () => {
  it("registers the worker's ServiceInstance", async () => {
    const row = await database.db.serviceInstance.findUnique({ where: { id: instance.id } });

    expect(instance.id).toBe(`worker:${row?.hostname}:${process.pid}`);
    expect(row?.service).toBe("worker");
    expect(row?.version).toBe(LUODI_VERSION);
    expect(row?.pid).toBe(process.pid);
    expect(row?.info).toEqual({ concurrency: 1 });
  });

  it("refreshes runner and sender rows", async () => {
    const before = await database.db.serviceInstance.findUniqueOrThrow({ where: { id: instance.id } });
    // Another worker's row, last seen an hour ago; this process runs the heartbeat it sent.
    const senderId = "worker:elsewhere:1";
    const hourAgo = new Date(Date.now() - 3_600_000);
    await database.db.serviceInstance.create({
      data: { id: senderId, service: "worker", version: LUODI_VERSION, hostname: "elsewhere", pid: 1, startedAt: hourAgo, lastSeenAt: hourAgo },
    });

    const id = await sendJob(boss, "system.heartbeat", { sentBy: senderId, sentAt: new Date().toISOString() }, { singletonKey: senderId });
    expect(id).toBeTypeOf("string");

    const after = await waitFor("runner lastSeenAt to move", async () => {
      const row = await database.db.serviceInstance.findUniqueOrThrow({ where: { id: instance.id } });
      return row.lastSeenAt > before.lastSeenAt && row;
    });
    expect(after.startedAt).toEqual(before.startedAt);
    const sender = await database.db.serviceInstance.findUniqueOrThrow({ where: { id: senderId } });
    expect(sender.lastSeenAt.getTime()).toBeGreaterThan(hourAgo.getTime());
    expect(sender.startedAt).toEqual(hourAgo);
    const run = await waitFor("JobRun row", () => database.db.jobRun.findFirst({ where: { jobId: id! } }));
    expect(run.queue).toBe("system.heartbeat");
    expect(run.outcome).toBe("succeeded");
  });

  it("collapses a second queued heartbeat from one sender", async () => {
    // Deferred an hour, so the running consumer leaves them queued while the test looks.
    const payload = { sentBy: "worker:collapse:1", sentAt: new Date().toISOString() };
    const first = await sendJob(boss, "system.heartbeat", payload, { singletonKey: payload.sentBy, startAfter: 3600 });
    const duplicate = await sendJob(boss, "system.heartbeat", payload, { singletonKey: payload.sentBy, startAfter: 3600 });
    const otherSender = await sendJob(boss, "system.heartbeat", { ...payload, sentBy: "worker:collapse:2" }, { singletonKey: "worker:collapse:2", startAfter: 3600 });

    expect(first).toBeTypeOf("string");
    expect(duplicate).toBeNull();
    expect(otherSender).toBeTypeOf("string");
    await boss.deleteJob("system.heartbeat", [first!, otherSender!]);
  });

  it("rejects a heartbeat with an invalid sentAt", async () => {
    const send = sendJob(boss, "system.heartbeat", { sentBy: "worker:x:1", sentAt: "yesterday" });

    await expect(send).rejects.toBeInstanceOf(InvalidJobPayloadError);
    await expect(send).rejects.toThrow(/sentAt/);
  });

  it("marks a stopped instance in info", async () => {
    await instance.markStopped();

    const row = await database.db.serviceInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.info).toMatchObject({ concurrency: 1, stoppedAt: expect.any(String) });
  });
});
