import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import type { KeyPolicy, LimitDecision } from "@/lib/gateway/contracts";
import { createKeyLimiter } from "@/lib/gateway/limiter";
import { rollupsOf, upsertRollups } from "@/lib/usage/rollup";
import { findFreePort, startTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait-for";

const log = pino({ level: "silent" });
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

// A fixed instant 20 s into a minute, in the middle of a month, so windows and months do not roll over
// while a test runs.
const NOW = Date.UTC(2030, 0, 15, 12, 30, 20);
const SECONDS_TO_NEXT_MONTH = (Date.UTC(2030, 1, 1) - NOW) / 1000;

let database: TestDatabase;
let secondDb: Db;
let keyCounter = 0;

beforeAll(async () => {
  database = await startTestDatabase();
  secondDb = createDb(database.url);
});

afterAll(async () => {
  await secondDb.$disconnect();
  await database.stop();
});

function keyPolicy(overrides: Partial<KeyPolicy> = {}): KeyPolicy {
  keyCounter += 1;
  return {
    id: `key-${keyCounter}`,
    workspaceId: "ws-1",
    name: `key ${keyCounter}`,
    prefix: `lk-abc${String(keyCounter).padStart(5, "0")}`,
    allowedModels: ["*"],
    rpmLimit: null,
    tpmLimit: null,
    monthlyBudget: null,
    budgetCurrency: "CNY",
    expiresAt: null,
    revokedAt: null,
    cacheEnabled: true,
    storeContent: false,
    ...overrides,
  };
}

function rejections(decisions: LimitDecision[]) {
  return decisions.filter((decision): decision is Extract<LimitDecision, { allowed: false }> => !decision.allowed);
}

async function windowRow(apiKeyId: string, at: number) {
  return database.db.rateLimitWindow.findUnique({ where: { apiKeyId_windowStart: { apiKeyId, windowStart: new Date(at - (at % 60_000)) } } });
}

describe("RPM", () => {
  it("admits exactly the limit across two replicas", async () => {
    const first = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    const second = createKeyLimiter(secondDb, { usdToCny: 7.1, log });
    const key = keyPolicy({ rpmLimit: 10 });
    try {
      const decisions = await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? first : second).admit(key, NOW)));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);

      const refused = rejections(decisions);
      expect(refused).toHaveLength(30);
      for (const decision of refused) {
        expect(decision.kind).toBe("rpm");
        expect(decision.retryAfterSeconds).toBe(40);
      }
      expect(refused[0]!.message).toBe(`API key ${key.prefix} has used its 10 requests per minute; retry after 40 s or ask an admin to raise its RPM`);
      expect((await windowRow(key.id, NOW))?.requests).toBe(10);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it("opens again in the next window", async () => {
    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    const key = keyPolicy({ rpmLimit: 2 });
    try {
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      const refused = await limiter.admit(key, NOW + 39_000);
      expect(refused).toMatchObject({ allowed: false, kind: "rpm", retryAfterSeconds: 1 });
      expect((await limiter.admit(key, NOW + 40_000)).allowed).toBe(true);
    } finally {
      await limiter.stop();
    }
  });

  it("claims slots in batches", async () => {
    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    const key = keyPolicy({ rpmLimit: 1_000 });
    try {
      for (let index = 0; index < 30; index++) expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      // One claim of 5% of the limit served all 30 requests.
      expect((await windowRow(key.id, NOW))?.requests).toBe(50);
    } finally {
      await limiter.stop();
    }
  });

  it("reopens a full window when the limit is raised", async () => {
    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    const key = keyPolicy({ rpmLimit: 1 });
    try {
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      expect((await limiter.admit(key, NOW)).allowed).toBe(false);
      expect((await limiter.admit({ ...key, rpmLimit: 2 }, NOW)).allowed).toBe(true);
      expect((await limiter.admit({ ...key, rpmLimit: 2 }, NOW)).allowed).toBe(false);
    } finally {
      await limiter.stop();
    }
  });

  it("rejects a zero limit", async () => {
    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    try {
      expect(await limiter.admit(keyPolicy({ rpmLimit: 0 }), NOW)).toMatchObject({ allowed: false, kind: "rpm" });
    } finally {
      await limiter.stop();
    }
  });

  it("admits exactly the limit across two processes", async () => {
    const key = keyPolicy({ rpmLimit: 10 });
    // Each child process runs its own limiter and database client, waits for "go" on stdin, then sends 20
    // requests at once.
    const script = `
      const { createDb } = await import("./lib/db/client.ts");
      const { createKeyLimiter } = await import("./lib/gateway/limiter.ts");
      const pino = (await import("pino")).default;
      const db = createDb(process.env.TEST_DB_URL);
      const limiter = createKeyLimiter(db, { usdToCny: 7.1, log: pino({ level: "silent" }) });
      const key = JSON.parse(process.env.TEST_KEY);
      await db.$queryRaw\`SELECT 1\`;
      console.log("READY");
      await new Promise((resolve) => process.stdin.once("data", resolve));
      const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.admit(key, Number(process.env.TEST_NOW))));
      console.log("ALLOWED " + decisions.filter((decision) => decision.allowed).length);
      await limiter.stop();
      await db.$disconnect();
      process.exit(0);
    `;
    const children = [0, 1].map(() => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: repositoryRoot,
        env: { ...process.env, TEST_DB_URL: database.url, TEST_KEY: JSON.stringify(key), TEST_NOW: String(NOW) },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      return { child, output: () => output, exited };
    });

    try {
      await waitFor("both children to connect", () => children.every((child) => child.output().includes("READY")), { timeoutMs: 60_000 });
      for (const { child } of children) child.stdin.write("go\n");
      const codes = await Promise.all(children.map((child) => child.exited));
      expect(codes).toEqual([0, 0]);

      const allowed = children.map((child) => Number(/ALLOWED (\d+)/.exec(child.output())?.[1] ?? Number.NaN));
      expect(allowed[0]! + allowed[1]!).toBe(10);
      expect((await windowRow(key.id, NOW))?.requests).toBe(10);
    } finally {
      for (const { child } of children) if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe("TPM", () => {
  it("rejects at the limit on both replicas", async () => {
    const first = createKeyLimiter(database.db, { usdToCny: 7.1, log, syncIntervalMs: 20 });
    const second = createKeyLimiter(secondDb, { usdToCny: 7.1, log, syncIntervalMs: 20 });
    const key = keyPolicy({ tpmLimit: 100 });
    try {
      expect((await first.admit(key, NOW)).allowed).toBe(true);
      first.record(key, { tokens: 60, cost: null, currency: null }, NOW);
      expect((await first.admit(key, NOW)).allowed).toBe(true);
      first.record(key, { tokens: 45, cost: null, currency: null }, NOW);

      const refused = await first.admit(key, NOW);
      expect(refused).toMatchObject({ allowed: false, kind: "tpm", retryAfterSeconds: 40 });
      expect((refused as { message: string }).message).toBe(`API key ${key.prefix} has used 105 of its 100 tokens per minute; retry after 40 s or ask an admin to raise its TPM`);

      await first.flush();
      expect((await windowRow(key.id, NOW))?.tokens).toBe(105);
      expect(await second.admit(key, NOW)).toMatchObject({ allowed: false, kind: "tpm" });
      expect((await second.admit(key, NOW + 40_000)).allowed).toBe(true);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it("learns other replicas' tokens from the sync", async () => {
    const first = createKeyLimiter(database.db, { usdToCny: 7.1, log, syncIntervalMs: 20 });
    const second = createKeyLimiter(secondDb, { usdToCny: 7.1, log, syncIntervalMs: 20 });
    const key = keyPolicy({ tpmLimit: 50 });
    try {
      expect((await first.admit(key, NOW)).allowed).toBe(true);
      expect((await second.admit(key, NOW)).allowed).toBe(true);
      second.record(key, { tokens: 80, cost: null, currency: null }, NOW);

      // The first replica's timer brings back the second replica's tokens.
      await waitFor("the first replica to refuse", async () => !(await first.admit(key, NOW)).allowed);
      expect((await windowRow(key.id, NOW))?.tokens).toBe(80);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

describe("budget", () => {
  async function storeSpend(key: KeyPolicy, spends: Array<{ cost: number; currency: string; at: number; granularityHint?: string }>) {
    const entries = spends.map((spend) => ({
      workspaceId: key.workspaceId,
      source: "gateway" as const,
      userId: null,
      apiKeyId: key.id,
      providerId: null,
      modelId: "m",
      model: "m",
      route: "chat",
      status: "ok" as const,
      httpStatus: 200,
      errorCode: null,
      errorMessage: null,
      inputTokens: 1,
      outputTokens: 1,
      usageEstimated: false,
      ttftMs: null,
      latencyMs: 10,
      cost: spend.cost,
      currency: spend.currency,
      stream: false,
      experimentId: null,
      promptVersionId: null,
      requestId: null,
      deploymentId: null,
      attempts: 1,
      fallbackUsed: false,
      canary: false,
      queryHash: null,
      queryText: null,
      content: null,
      createdAt: new Date(spend.at),
    }));
    await upsertRollups(database.db, rollupsOf(entries));
  }

  it("converts USD spend to a CNY budget", async () => {
    const key = keyPolicy({ monthlyBudget: 10, budgetCurrency: "CNY" });
    await storeSpend(key, [
      { cost: 1, currency: "USD", at: Date.UTC(2030, 0, 3) },
      { cost: 2.5, currency: "CNY", at: Date.UTC(2030, 0, 14, 23) },
      // Last month and other keys do not count.
      { cost: 100, currency: "CNY", at: Date.UTC(2029, 11, 31, 23, 59) },
    ]);
    await storeSpend(keyPolicy({ id: "someone-else" }), [{ cost: 100, currency: "CNY", at: Date.UTC(2030, 0, 3) }]);

    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    try {
      // 1 USD × 7.1 + 2.5 CNY = 9.6 CNY of 10.
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      limiter.record(key, { tokens: 10, cost: 0.5, currency: "CNY" }, NOW);
      const refused = await limiter.admit(key, NOW);
      expect(refused).toMatchObject({ allowed: false, kind: "budget", retryAfterSeconds: SECONDS_TO_NEXT_MONTH });
      expect((refused as { message: string }).message).toBe(
        `API key ${key.prefix} has spent 10.1 CNY of its monthly budget of 10 CNY; retry after ${SECONDS_TO_NEXT_MONTH} s, when the next month starts (UTC), or ask an admin to raise its budget`,
      );
      // A new month starts from zero.
      expect((await limiter.admit(key, Date.UTC(2030, 1, 1, 0, 0, 1))).allowed).toBe(true);
    } finally {
      await limiter.stop();
    }
  });

  it("converts CNY spend to a USD budget", async () => {
    const key = keyPolicy({ monthlyBudget: 2, budgetCurrency: "USD" });
    await storeSpend(key, [
      { cost: 7.1, currency: "CNY", at: Date.UTC(2030, 0, 10) },
      { cost: 0.5, currency: "USD", at: Date.UTC(2030, 0, 11) },
    ]);
    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log });
    try {
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      limiter.record(key, { tokens: 10, cost: 0.49, currency: "USD" }, NOW);
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      limiter.record(key, { tokens: 10, cost: 0.02, currency: "USD" }, NOW);
      expect(await limiter.admit(key, NOW)).toMatchObject({ allowed: false, kind: "budget" });
    } finally {
      await limiter.stop();
    }
  });

  it("sees spend written by another replica after a refresh", async () => {
    const key = keyPolicy({ monthlyBudget: 5, budgetCurrency: "CNY" });
    const limiter = createKeyLimiter(database.db, { usdToCny: 7.1, log, budgetRefreshMs: 20 });
    try {
      expect((await limiter.admit(key, NOW)).allowed).toBe(true);
      await storeSpend(key, [{ cost: 6, currency: "CNY", at: Date.UTC(2030, 0, 15) }]);
      await waitFor("the refreshed spend", async () => !(await limiter.admit(key, NOW)).allowed);
    } finally {
      await limiter.stop();
    }
  });
});

describe("database down", () => {
  it("falls back to a per-replica limit without throwing", async () => {
    // Nothing listens on this port, so every query fails to connect.
    const downDb = createDb(`postgresql://postgres:postgres@127.0.0.1:${await findFreePort()}/postgres?sslmode=disable`);
    const limiter = createKeyLimiter(downDb, { usdToCny: 7.1, log, syncIntervalMs: 20 });
    try {
      const key = keyPolicy({ rpmLimit: 3, tpmLimit: 10, monthlyBudget: 1 });
      const decisions: LimitDecision[] = [];
      for (let index = 0; index < 5; index++) decisions.push(await limiter.admit(key, NOW));
      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
      expect(decisions[3]).toMatchObject({ kind: "rpm", retryAfterSeconds: 40 });

      limiter.record(key, { tokens: 20, cost: 0.1, currency: "CNY" }, NOW);
      expect(await limiter.admit(key, NOW)).toMatchObject({ allowed: false, kind: "tpm" });
      await expect(limiter.flush()).resolves.toBeUndefined();
    } finally {
      await limiter.stop();
      await downDb.$disconnect();
    }
  });
});
