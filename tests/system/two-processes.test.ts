import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startTsxProcess, type TsxProcess } from "../helpers/processes";
import { waitFor } from "../helpers/wait-for";
import { CREATE_LOG_TABLE, JOB_COUNT } from "./fixtures/shared-queue";

let database: TestDatabase;
const processes: TsxProcess[] = [];

beforeAll(async () => {
  database = await startTestDatabase();
  await database.db.$executeRawUnsafe(CREATE_LOG_TABLE);
});

afterAll(async () => {
  for (const child of processes) await child.stop("SIGKILL");
  await database?.stop();
});

type LogRow = { process: string; pid: number; seq: number; saw_producer_row: boolean | null };

describe("two processes on one embedded database", () => {
  it("share rows and jobs through the socket", async () => {
    const env = { DATABASE_URL: database.url, LOG_LEVEL: "warn" };
    const consumer = startTsxProcess("tests/system/fixtures/consumer.ts", env);
    processes.push(consumer);
    await consumer.waitForOutput(/"consumer\.ready"/, 120_000);

    // The producer sends while the consumer is already polling, so both use the socket at once.
    const producer = startTsxProcess("tests/system/fixtures/producer.ts", env);
    processes.push(producer);
    expect(await producer.exited).toBe(0);
    const done = JSON.parse(producer.output().split("\n").find((line) => line.includes("producer.done"))!);
    expect(done.sent).toBe(JOB_COUNT);
    expect(done.found).toBe(JOB_COUNT);

    const runs = await waitFor(`${JOB_COUNT} succeeded JobRun rows`, async () => {
      const rows = await database.db.jobRun.findMany({ where: { queue: "test.shared" } });
      return rows.length >= JOB_COUNT && rows;
    }, { timeoutMs: 120_000 });
    expect(runs.every((run) => run.outcome === "succeeded")).toBe(true);
    expect(new Set(runs.map((run) => run.jobId)).size).toBe(JOB_COUNT);

    const rows = await database.db.$queryRaw<LogRow[]>`SELECT process, pid, seq, saw_producer_row FROM two_process_log ORDER BY process, seq`;
    const producerRows = rows.filter((row) => row.process === "producer");
    const consumerRows = rows.filter((row) => row.process === "consumer");
    expect(producerRows.map((row) => row.seq)).toEqual([...Array(JOB_COUNT).keys()]);
    expect(consumerRows.map((row) => row.seq)).toEqual([...Array(JOB_COUNT).keys()]);
    expect(consumerRows.every((row) => row.saw_producer_row)).toBe(true);

    const pids = new Set([producerRows[0]?.pid, consumerRows[0]?.pid, process.pid]);
    expect(pids.size).toBe(3);
    expect(producerRows[0]?.pid).toBe(producer.pid);
    expect(consumerRows[0]?.pid).toBe(consumer.pid);

    expect(await consumer.stop("SIGTERM")).toBe(0);
    // Two processes each start pg-boss and work 50 jobs: about 35 s on an idle 2-core machine.
  }, 180_000);
});
