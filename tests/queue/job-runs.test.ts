import { afterAll, beforeAll, expect, test } from "vitest";
import { pruneJobRuns } from "@/lib/queue/job-runs";
import { startTestDatabase } from "../helpers/database";

let database: Awaited<ReturnType<typeof startTestDatabase>>;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database?.stop();
});

test("pruneJobRuns deletes rows past retention", async () => {
  const now = Date.now();
  const day = 24 * 60 * 60 * 1000;
  await database.db.jobRun.createMany({
    data: [
      { queue: "system.heartbeat", jobId: "old", attempt: 0, outcome: "succeeded", waitMs: 1, runMs: 1, createdAt: new Date(now - 31 * day) },
      { queue: "system.heartbeat", jobId: "recent", attempt: 0, outcome: "succeeded", waitMs: 1, runMs: 1, createdAt: new Date(now - 29 * day) },
    ],
  });

  const deleted = await pruneJobRuns(database.db, now);
  const remaining = await database.db.jobRun.findMany({ select: { jobId: true } });

  expect(deleted).toBe(1);
  expect(remaining.map((row) => row.jobId)).toEqual(["recent"]);
});

test("pruneJobRuns runs at most hourly", async () => {
  const later = Date.now() + 10 * 60 * 1000;
  expect(await pruneJobRuns(database.db, later)).toBe(0);
});
