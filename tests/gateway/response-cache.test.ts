import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import type { CachedCompletion } from "@/lib/gateway/contracts";
import { createResponseCache } from "@/lib/gateway/response-cache";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";

const log = pino({ level: "silent" });
// PGlite on a busy 2-core machine can take longer than the production default to respond.
const readTimeoutMs = 10_000;

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database.stop();
});

function completion(text: string): CachedCompletion {
  return {
    body: { id: "chatcmpl-1", object: "chat.completion", model: "chat", choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }] },
    createdAt: Date.now(),
  };
}

function bytesOf(value: CachedCompletion): number {
  return Buffer.byteLength(JSON.stringify(value.body));
}

describe("response cache", () => {
  it("returns a hit and misses unknown keys", async () => {
    const cache = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    const value = completion("hello");
    cache.set("hit-key", value, 60);
    expect(await cache.get("hit-key")).toEqual(value);
    expect(await cache.get("missing-key")).toBeNull();
    await cache.stop();
  });

  it("ignores a zero TTL", async () => {
    const cache = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    cache.set("zero-ttl", completion("x"), 0);
    expect(await cache.get("zero-ttl")).toBeNull();
    await cache.stop();
    expect(await database.db.gatewayCacheEntry.count({ where: { cacheKey: "zero-ttl" } })).toBe(0);
  });

  it("expires entries after the TTL", async () => {
    const cache = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    cache.set("short-ttl", completion("soon gone"), 0.3);
    expect(await cache.get("short-ttl")).not.toBeNull();
    await waitFor("the entry to expire", async () => (await cache.get("short-ttl")) === null);
    await cache.stop();

    // The stored row is expired too, so another replica misses as well.
    const other = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    expect(await other.get("short-ttl")).toBeNull();
    await other.stop();
  });

  it("evicts the least recently used by bytes", async () => {
    const first = completion("a".repeat(100));
    const size = bytesOf(first);
    const cache = createResponseCache(database.db, { maxBytes: size * 2 + 10, log, readTimeoutMs, writeIntervalMs: 600_000 });
    cache.set("lru-1", first, 60);
    cache.set("lru-2", completion("b".repeat(100)), 60);
    // Reading lru-1 makes lru-2 the least recently used.
    expect(await cache.get("lru-1")).not.toBeNull();
    cache.set("lru-3", completion("c".repeat(100)), 60);

    expect(cache.stats()).toMatchObject({ entries: 2 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(size * 2 + 10);
    expect(await cache.get("lru-1")).not.toBeNull();
    expect(await cache.get("lru-3")).not.toBeNull();
    // lru-2 is gone from memory and not written yet (the write timer is off), so it misses.
    expect(await cache.get("lru-2")).toBeNull();
    await cache.stop();
  });

  it("keeps an entry larger than the cache out of memory", async () => {
    const cache = createResponseCache(database.db, { maxBytes: 50, log, readTimeoutMs, writeIntervalMs: 600_000 });
    cache.set("too-big", completion("z".repeat(200)), 60);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0, pendingWrites: 1 });
    await cache.stop();
    expect(await database.db.gatewayCacheEntry.count({ where: { cacheKey: "too-big" } })).toBe(1);
  });

  it("serves another replica from the table", async () => {
    const writer = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs, writeIntervalMs: 20 });
    const value = { ...completion("shared 你好"), modelId: "model-that-answered" };
    writer.set("shared-key", value, 60);
    await waitFor("the background write", async () => (await database.db.gatewayCacheEntry.count({ where: { cacheKey: "shared-key" } })) === 1);

    const otherDb = createDb(database.url);
    const reader = createResponseCache(otherDb, { maxBytes: 1_000_000, log, readTimeoutMs });
    try {
      const hit = await reader.get("shared-key");
      expect(hit?.body).toEqual(value.body);
      expect(hit?.createdAt).toBe(value.createdAt);
      expect(hit?.modelId).toBe("model-that-answered");
      expect(reader.stats().entries).toBe(1);
    } finally {
      await reader.stop();
      await writer.stop();
      await otherDb.$disconnect();
    }
  });

  it("overwrites a stored entry", async () => {
    const cache = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    cache.set("rewrite", completion("old"), 60);
    await cache.stop();
    const again = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    again.set("rewrite", completion("new"), 120);
    await again.stop();

    const row = await database.db.gatewayCacheEntry.findUniqueOrThrow({ where: { cacheKey: "rewrite" } });
    expect(JSON.stringify(row.response)).toContain("new");
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it("never returns an expired row", async () => {
    await database.db.gatewayCacheEntry.create({ data: { cacheKey: "stale-row", response: completion("stale").body as object, expiresAt: new Date(Date.now() - 1_000) } });
    const cache = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs });
    expect(await cache.get("stale-row")).toBeNull();
    await cache.stop();
  });

  it("sweeps expired rows", async () => {
    await database.db.gatewayCacheEntry.create({ data: { cacheKey: "sweep-old", response: {}, expiresAt: new Date(Date.now() - 1_000) } });
    await database.db.gatewayCacheEntry.create({ data: { cacheKey: "sweep-fresh", response: {}, expiresAt: new Date(Date.now() + 600_000) } });
    const cache = createResponseCache(database.db, { maxBytes: 1_000_000, log, readTimeoutMs, sweepIntervalMs: 20 });

    await waitFor("the sweep", async () => (await database.db.gatewayCacheEntry.count({ where: { cacheKey: "sweep-old" } })) === 0);
    expect(await database.db.gatewayCacheEntry.count({ where: { cacheKey: "sweep-fresh" } })).toBe(1);
    await cache.stop();
  });

  it("misses without throwing when the database is down", async () => {
    // Nothing listens on this port, so every query fails to connect.
    const downDb = createDb(`postgresql://postgres:postgres@127.0.0.1:${await findFreePort()}/postgres?sslmode=disable`);
    const cache = createResponseCache(downDb, { maxBytes: 1_000_000, log, readTimeoutMs, writeIntervalMs: 20 });
    try {
      expect(await cache.get("anything")).toBeNull();
      cache.set("kept-in-memory", completion("ok"), 60);
      expect(await cache.get("kept-in-memory")).not.toBeNull();
      await waitFor("a failed write", () => cache.stats().failedWrites > 0);
      expect(cache.stats().pendingWrites).toBe(1);
    } finally {
      await cache.stop();
      await downDb.$disconnect();
    }
  });
});
