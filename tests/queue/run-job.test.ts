import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { InvalidJobPayloadError, sendContractJob, startBoss, type PgBoss } from "@/lib/queue/boss";
import { PermanentJobError } from "@/lib/queue/run-job";
import { workQueues } from "@/lib/queue/work";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";
import { TEST_DEAD_LETTER_QUEUE, testQueues } from "./test-queues";

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

let database: TestDatabase;
let boss: PgBoss;
/** Local start time of every attempt, by payload key. */
const attempts = new Map<string, number[]>();
const echoed: string[] = [];

function noteAttempt(key: string): number {
  const times = attempts.get(key) ?? [];
  times.push(Date.now());
  attempts.set(key, times);
  return times.length;
}

async function jobRuns(jobId: string, count: number) {
  return waitFor(`${count} JobRun rows for job ${jobId}`, async () => {
    const rows = await database.db.jobRun.findMany({ where: { jobId }, orderBy: { attempt: "asc" } });
    return rows.length >= count && rows;
  }, { timeoutMs: 30_000 });
}

async function findJob(queue: string, id: string) {
  const [job] = await boss.findJobs(queue, { id });
  return job;
}

beforeAll(async () => {
  database = await startTestDatabase();
  boss = await startBoss(database.url, { service: "test", contract: testQueues, log });

  await workQueues(boss, testQueues, {
    "test.echo": async (payload) => {
      echoed.push(payload.text);
      if (payload.sleepMs) await new Promise((resolve) => setTimeout(resolve, payload.sleepMs));
    },
    "test.flaky": async (payload) => {
      const attempt = noteAttempt(payload.key);
      if (attempt <= payload.failures) throw new Error(`flaky failure ${attempt}`);
    },
    "test.doomed": async (payload) => {
      noteAttempt(payload.key);
      throw new Error("downstream service unavailable at https://user:hunter2@provider.test/v1");
    },
    "test.expiring": async (payload) => {
      noteAttempt(payload.key);
      await new Promise((resolve) => setTimeout(resolve, payload.sleepMs));
    },
    "test.permanent": async (payload) => {
      noteAttempt(payload.key);
      throw new PermanentJobError("dataset version 42 does not exist");
    },
  }, { db: database.db, log }, { concurrency: 2, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await database?.stop();
});

describe("queue jobs through runJob", () => {
  it("sends and works a job", async () => {
    const id = await sendContractJob(boss, testQueues, "test.echo", { text: "hello" });
    expect(id).toBeTypeOf("string");

    const [run] = await jobRuns(id!, 1);
    expect(run?.outcome).toBe("succeeded");
    expect(run?.attempt).toBe(1);
    expect(run?.error).toBeNull();
    expect(echoed).toContain("hello");
    await waitFor("job completed", async () => (await findJob("test.echo", id!))?.state === "completed");
  });

  it("rejects an invalid payload before queueing", async () => {
    const before = (await boss.findJobs("test.echo")).length;
    const send = sendContractJob(boss, testQueues, "test.echo", { text: 42 } as unknown as { text: string });

    await expect(send).rejects.toBeInstanceOf(InvalidJobPayloadError);
    await expect(send).rejects.toThrow(/Invalid payload for queue "test.echo": text:/);
    expect((await boss.findJobs("test.echo")).length).toBe(before);
  });

  it("records wait and run times", async () => {
    const id = await sendContractJob(boss, testQueues, "test.echo", { text: "timed", sleepMs: 300 });

    const [run] = await jobRuns(id!, 1);
    const job = await findJob("test.echo", id!);
    // Timers may fire a millisecond early against performance.now(), so allow a little slack below the sleep.
    expect(run?.runMs).toBeGreaterThanOrEqual(290);
    expect(run?.runMs).toBeLessThan(5_000);
    // Wait time is the database's startedOn minus createdOn for a first attempt sent without delay.
    expect(job).toBeDefined();
    expect(run?.waitMs).toBe(job!.startedOn.getTime() - job!.createdOn.getTime());
  });

  it("retries a transient failure with backoff", async () => {
    const id = await sendContractJob(boss, testQueues, "test.flaky", { key: "flaky-1", failures: 2 });

    const runs = await jobRuns(id!, 3);
    expect(runs.map((run) => run.outcome)).toEqual(["retrying", "retrying", "succeeded"]);
    expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(runs[0]?.error).toBe("Error: flaky failure 1");

    // Backoff with retryDelay 1: retry 1 waits 1-2 s, retry 2 waits 2-4 s.
    const [first, second, third] = attempts.get("flaky-1")!;
    expect(second! - first!).toBeGreaterThanOrEqual(950);
    expect(third! - second!).toBeGreaterThanOrEqual(1_950);
    await waitFor("job completed", async () => (await findJob("test.flaky", id!))?.state === "completed");
  });

  it("dead-letters a job after its retries", async () => {
    const id = await sendContractJob(boss, testQueues, "test.doomed", { key: "doomed-1" });

    const runs = await jobRuns(id!, 2);
    expect(runs.map((run) => run.outcome)).toEqual(["retrying", "failed"]);
    expect(runs[1]?.error).toContain("https://[redacted]@provider.test");
    expect(runs[1]?.error).not.toContain("hunter2");

    const [dead] = await waitFor("dead-lettered copy", async () => {
      const jobs = await boss.findJobs(TEST_DEAD_LETTER_QUEUE, { data: { key: "doomed-1" } });
      return jobs.length > 0 && jobs;
    });
    expect(dead?.sourceId).toBe(id);
    expect(dead?.sourceName).toBe("test.doomed");
    expect(dead?.sourceRetryCount).toBe(1);
    expect((await findJob("test.doomed", id!))?.state).toBe("failed");
    expect(attempts.get("doomed-1")).toHaveLength(2);
  });

  it("fails a PermanentJobError without retry", async () => {
    const id = await sendContractJob(boss, testQueues, "test.permanent", { key: "permanent-1" });

    const [run] = await jobRuns(id!, 1);
    expect(run?.outcome).toBe("failed");
    expect(run?.error).toBe("PermanentJobError: dataset version 42 does not exist");
    // "failed" is terminal: with 3 retries left, pg-boss would have put the job in "retry" instead.
    await waitFor("job failed", async () => (await findJob("test.permanent", id!))?.state === "failed");
    const job = await findJob("test.permanent", id!);
    expect(job?.retryCount).toBe(0);
    expect(job?.retryLimit).toBe(3);
    expect(attempts.get("permanent-1")).toHaveLength(1);

    const [dead] = await boss.findJobs(TEST_DEAD_LETTER_QUEUE, { data: { key: "permanent-1" } });
    expect(dead?.sourceOutput).toMatchObject({ permanent: true, attempt: 1 });
  });

  it("records an expired attempt as failed", async () => {
    const id = await sendContractJob(boss, testQueues, "test.expiring", { key: "expiring-1", sleepMs: 2_500 });

    const [run] = await jobRuns(id!, 1);
    expect(run?.outcome).toBe("failed");
    expect(run?.error).toMatch(/^Error: Attempt ran \d+ ms, past the queue's expireInSeconds of 1 s$/);
    expect(run?.runMs).toBeGreaterThanOrEqual(2_500);
    await waitFor("job failed", async () => (await findJob("test.expiring", id!))?.state === "failed");
  });

  it("fails an invalid stored payload without retry", async () => {
    // Sent around the contract, as an older producer with a stale schema would.
    const id = await boss.send("test.permanent", { key: 7 });

    const [run] = await jobRuns(id!, 1);
    expect(run?.outcome).toBe("failed");
    expect(run?.error).toMatch(/^PermanentJobError: Invalid payload: key:/);
    await waitFor("job failed", async () => (await findJob("test.permanent", id!))?.state === "failed");
  });
});
