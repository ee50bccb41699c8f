import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import type { GatewayLogEntry } from "@/lib/gateway/contracts";
import { createLogSink } from "@/lib/gateway/log-sink";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";
import { gatewayLogEntry } from "../helpers/log-entries";
import { waitFor } from "../helpers/wait-for";

const log = pino({ level: "silent" });

function entry(workspaceId: string, requestId: string, overrides: Partial<GatewayLogEntry> = {}): GatewayLogEntry {
  return gatewayLogEntry({ workspaceId, requestId, ...overrides });
}

async function requestIdsOf(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.requestLog.findMany({ where: { workspaceId }, select: { requestId: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.requestId ?? "");
}

describe("log sink", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await startTestDatabase();
  });

  afterAll(async () => {
    await database.stop();
  });

  it("writes full batches without the timer", async () => {
    const sink = createLogSink(database.db, { maxBuffered: 1_000, log, flushIntervalMs: 600_000, batchSize: 50 });
    for (let index = 0; index < 40; index++) sink.push(entry("ws-batch", `r-${index}`));
    // A full batch starts its write on the next turn of the event loop; 40 entries are not a full batch.
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.stats()).toMatchObject({ buffered: 40, written: 0 });

    for (let index = 40; index < 120; index++) sink.push(entry("ws-batch", `r-${index}`));
    await waitFor("the full batches", () => sink.stats().written === 100);
    // The 20 left over are not a full batch, so they wait for the timer instead of going out at once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.stats()).toEqual({ buffered: 20, dropped: 0, written: 100, failedFlushes: 0 });

    await sink.flush();
    expect(sink.stats()).toEqual({ buffered: 0, dropped: 0, written: 120, failedFlushes: 0 });
    expect(await requestIdsOf(database.db, "ws-batch")).toEqual(Array.from({ length: 120 }, (_, index) => `r-${index}`));
    const day = await database.db.usageRollup.findFirstOrThrow({ where: { workspaceId: "ws-batch", granularity: "day" } });
    expect(day.requests).toBe(120);
    await sink.stop();
  });

  it("writes on the timer", async () => {
    const sink = createLogSink(database.db, { maxBuffered: 1_000, log, flushIntervalMs: 20 });
    sink.push(entry("ws-timer", "a"));
    sink.push(entry("ws-timer", "b"));

    await waitFor("timer flush", async () => (await requestIdsOf(database.db, "ws-timer")).length === 2);
    expect(sink.stats().written).toBe(2);
    await sink.stop();
  });

  it("drops a rejected entry and keeps the rest", async () => {
    const sink = createLogSink(database.db, { maxBuffered: 1_000, log, flushIntervalMs: 600_000 });
    sink.push(entry("ws-poison", "good-1"));
    // latencyMs does not fit RequestLog's int4 column, so the database rejects this row.
    sink.push(entry("ws-poison", "bad", { latencyMs: 5_000_000_000 }));
    sink.push(entry("ws-poison", "good-2"));

    await sink.flush();
    expect(await requestIdsOf(database.db, "ws-poison")).toEqual(["good-1", "good-2"]);
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 1, written: 2 });
    await sink.stop();
  });

  it("writes what is buffered on stop", async () => {
    const sink = createLogSink(database.db, { maxBuffered: 1_000, log, flushIntervalMs: 600_000 });
    for (let index = 0; index < 7; index++) sink.push(entry("ws-stop", `s-${index}`));
    await sink.stop();
    expect((await requestIdsOf(database.db, "ws-stop")).length).toBe(7);

    sink.push(entry("ws-stop", "late"));
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 1, written: 7 });
  });
});

describe("log sink while the database is down", () => {
  let workDir: string;
  let dataDir: string;
  let port: number;
  let embedded: EmbeddedDatabase | null = null;
  let db: Db;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-log-sink-"));
    dataDir = path.join(workDir, "data");
    port = await findFreePort();
    embedded = await startEmbeddedDatabase({ dataDir, host: "127.0.0.1", port });
    await runMigrations(embedded.url);
    db = createDb(embedded.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await embedded?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  async function stopServer(): Promise<void> {
    await embedded!.stop();
    embedded = null;
  }

  async function startServer(): Promise<void> {
    embedded = await startEmbeddedDatabase({ dataDir, host: "127.0.0.1", port });
  }

  it("buffers and writes everything once", async () => {
    const sink = createLogSink(db, { maxBuffered: 1_000, log, flushIntervalMs: 20, maxBackoffMs: 200 });
    sink.push(entry("ws-down", "before"));
    await waitFor("the first entry", () => sink.stats().written === 1);

    await stopServer();
    for (let index = 0; index < 30; index++) sink.push(entry("ws-down", `d-${index}`));
    await waitFor("a failed write", () => sink.stats().failedFlushes >= 2);
    expect(sink.stats()).toMatchObject({ buffered: 30, written: 1, dropped: 0 });

    await startServer();
    await waitFor("the buffered entries", () => sink.stats().written === 31, { timeoutMs: 30_000 });

    const ids = await requestIdsOf(db, "ws-down");
    expect(ids).toEqual(["before", ...Array.from({ length: 30 }, (_, index) => `d-${index}`)]);
    const days = await db.usageRollup.findMany({ where: { workspaceId: "ws-down", granularity: "day" } });
    expect(days.reduce((sum, row) => sum + row.requests, 0)).toBe(31);
    await sink.stop();
  });

  it("drops the oldest past maxBuffered", async () => {
    const sink = createLogSink(db, { maxBuffered: 5, log, flushIntervalMs: 20, maxBackoffMs: 200 });
    await stopServer();
    for (let index = 0; index < 8; index++) sink.push(entry("ws-bound", `b-${index}`));
    expect(sink.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    await waitFor("a failed write", () => sink.stats().failedFlushes >= 1);
    expect(sink.stats()).toMatchObject({ buffered: 5, dropped: 3 });

    await startServer();
    await waitFor("the kept entries", () => sink.stats().written === 5, { timeoutMs: 30_000 });
    expect(await requestIdsOf(db, "ws-bound")).toEqual(["b-3", "b-4", "b-5", "b-6", "b-7"]);
    await sink.stop();
  });

  it("gives up on stop within its timeout", async () => {
    const sink = createLogSink(db, { maxBuffered: 100, log, flushIntervalMs: 600_000, stopTimeoutMs: 300 });
    await stopServer();
    sink.push(entry("ws-gone", "x"));
    sink.push(entry("ws-gone", "y"));
    await expect(sink.flush()).rejects.toThrow();
    await sink.stop();
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 2, written: 0 });
    await startServer();
  });
});
