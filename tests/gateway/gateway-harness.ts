import { randomBytes } from "node:crypto";
import { createDb, type Db, type Prisma } from "@/lib/db/client";
import { generateApiKey } from "@/lib/gateway/key-secret";
import { createGatewayRuntime, type GatewayRuntime, type GatewayRuntimeSettings } from "@/lib/gateway/runtime";
import { startGatewayServer, type GatewayServer } from "@/lib/gateway/server";
import { logger } from "@/lib/log";
import { sealApiKey } from "@/lib/providers/secrets";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from "../helpers/fake-openai";
import { waitFor } from "../helpers/wait-for";

/**
 * The setup the gateway tests share: a private database with one workspace and a loopback fake provider.
 * A NetworkAllowRule for 127.0.0.1 lets the gateway reach the fake, as an admin would allow a provider on
 * the local network. Provider models are named after the fake's behaviours, and a real gateway runs in
 * this process on a free port.
 *
 * LUODI_ENCRYPTION_KEY is set before anything reads the environment, because env() parses it once.
 */

export const TEST_ENCRYPTION_KEY = randomBytes(32).toString("base64");
export const FAKE_PROVIDER_KEY = "sk-fake-provider-key";

/** Small, fast settings; each test file may override them. */
export const TEST_SETTINGS: GatewayRuntimeSettings = {
  LUODI_GATEWAY_REFRESH_MS: 200,
  LUODI_GATEWAY_MAX_BODY_MB: 1,
  LUODI_GATEWAY_MAX_N: 4,
  LUODI_GATEWAY_LOG_BUFFER: 1000,
  LUODI_GATEWAY_LOG_FLUSH_MS: 100,
  LUODI_GATEWAY_MAX_IN_FLIGHT: 100,
  LUODI_GATEWAY_CACHE_MB: 4,
  LUODI_USD_TO_CNY: 7.1,
};

export type ModelSpec = { name: string; capabilities?: string[]; inputPrice?: number; outputPrice?: number; currency?: string };

export type DeploymentSpec = {
  name: string;
  /** Provider model names with weights. */
  targets: Array<{ model: string; weight: number }>;
  fallbacks?: string[];
  canary?: { model: string; percent: number; maxErrorRate?: number; maxP95Ms?: number | null; minRequests?: number };
  retries?: number;
  retryBackoffMs?: number;
  fallbackOn?: number[];
  timeoutMs?: number;
  cacheTtlSeconds?: number;
  enabled?: boolean;
};

export type KeySpec = {
  name?: string;
  allowedModels?: string[];
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  monthlyBudget?: number | null;
  budgetCurrency?: string;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  cacheEnabled?: boolean;
  storeContent?: boolean;
};

export const DEFAULT_MODELS: ModelSpec[] = [
  { name: "fake-chat", capabilities: ["chat", "vision"], inputPrice: 1, outputPrice: 2, currency: "USD" },
  { name: "fake-chat-b", capabilities: ["chat"], inputPrice: 1, outputPrice: 2, currency: "USD" },
  { name: "fake-embedding", capabilities: ["embeddings"], inputPrice: 0.1, outputPrice: 0, currency: "USD" },
  { name: "fail-500-model", capabilities: ["chat"] },
  { name: "fail-429-model", capabilities: ["chat"] },
  { name: "hang-model", capabilities: ["chat"] },
  { name: "cut-model", capabilities: ["chat"], inputPrice: 1, outputPrice: 2, currency: "USD" },
  { name: "cut-reset-model", capabilities: ["chat"] },
  { name: "no-usage-model", capabilities: ["chat"] },
  { name: "malformed-model", capabilities: ["chat"] },
  { name: "split-utf8-model", capabilities: ["chat"] },
];

export type HarnessOptions = {
  settings?: Partial<GatewayRuntimeSettings>;
  random?: () => number;
  fake?: FakeOpenAiOptions;
  models?: ModelSpec[];
  /** Connect the gateway to this URL instead of the test database's (for a pausable proxy in front of it). */
  gatewayDatabaseUrl?: (databaseUrl: string) => Promise<string> | string;
  logSink?: { flushIntervalMs?: number; maxBackoffMs?: number };
};

export type GatewayHarness = Awaited<ReturnType<typeof startGatewayHarness>>;

export async function startGatewayHarness(options: HarnessOptions = {}) {
  process.env.LUODI_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;

  const database: TestDatabase = await startTestDatabase();
  const db = database.db;
  const fake: FakeOpenAi = await startFakeOpenAi({ chunkDelayMs: 5, apiKey: FAKE_PROVIDER_KEY, ...options.fake });
  const workspace = await db.workspace.create({ data: { slug: "gateway", name: "Gateway tests" } });
  await db.networkAllowRule.create({ data: { workspaceId: workspace.id, pattern: "127.0.0.1", note: "fake provider" } });
  const provider = await db.provider.create({
    data: { workspaceId: workspace.id, name: "Fake", kind: "openai-compatible", baseUrl: fake.url, ...sealApiKey(FAKE_PROVIDER_KEY), timeoutMs: 30_000 },
  });

  const modelIds: Record<string, string> = {};
  for (const spec of options.models ?? DEFAULT_MODELS) {
    const model = await db.providerModel.create({
      data: {
        workspaceId: workspace.id,
        providerId: provider.id,
        name: spec.name,
        capabilities: spec.capabilities ?? ["chat"],
        inputPrice: spec.inputPrice ?? null,
        outputPrice: spec.outputPrice ?? null,
        currency: spec.currency ?? "USD",
      },
    });
    modelIds[spec.name] = model.id;
  }

  const gatewayDbUrl = options.gatewayDatabaseUrl ? await options.gatewayDatabaseUrl(database.url) : database.url;
  const gatewayDb: Db = createDb(gatewayDbUrl);
  const runtime: GatewayRuntime = createGatewayRuntime(gatewayDb, {
    // Warnings and errors only: one info line per request would bury the test output.
    log: logger.child({ service: "gateway-test" }, { level: "warn" }),
    settings: { ...TEST_SETTINGS, ...options.settings },
    random: options.random,
    logSink: { flushIntervalMs: 50, maxBackoffMs: 500, ...options.logSink },
    // As in gateway/server.ts, so the tests cover the pool that writes request logs.
    databaseUrl: gatewayDbUrl,
  });
  runtime.start();
  const server: GatewayServer = await startGatewayServer({ host: "127.0.0.1", port: 0, deps: runtime.deps });

  function modelId(name: string): string {
    const id = modelIds[name];
    if (!id) throw new Error(`the harness has no provider model named ${name}`);
    return id;
  }

  async function createDeployment(spec: DeploymentSpec) {
    return db.deployment.create({
      data: {
        workspaceId: workspace.id,
        name: spec.name,
        targets: spec.targets.map((target) => ({ modelId: modelId(target.model), weight: target.weight })),
        fallbacks: (spec.fallbacks ?? []).map(modelId),
        ...(spec.canary && {
          canaryModelId: modelId(spec.canary.model),
          canaryPercent: spec.canary.percent,
          canaryMaxErrorRate: spec.canary.maxErrorRate ?? 0.2,
          canaryMaxP95Ms: spec.canary.maxP95Ms ?? null,
          canaryMinRequests: spec.canary.minRequests ?? 20,
          canaryState: "active",
        }),
        retries: spec.retries ?? 0,
        retryBackoffMs: spec.retryBackoffMs ?? 10,
        fallbackOn: spec.fallbackOn ?? [429, 500, 502, 503, 504],
        timeoutMs: spec.timeoutMs ?? 10_000,
        cacheTtlSeconds: spec.cacheTtlSeconds ?? 0,
        enabled: spec.enabled ?? true,
      },
    });
  }

  async function createKey(spec: KeySpec = {}) {
    const generated = generateApiKey();
    const row = await db.apiKey.create({
      data: {
        workspaceId: workspace.id,
        name: spec.name ?? `key-${generated.prefix}`,
        prefix: generated.prefix,
        keyHash: generated.keyHash,
        allowedModels: spec.allowedModels ?? ["*"],
        rpmLimit: spec.rpmLimit ?? null,
        tpmLimit: spec.tpmLimit ?? null,
        monthlyBudget: spec.monthlyBudget ?? null,
        budgetCurrency: spec.budgetCurrency ?? "CNY",
        expiresAt: spec.expiresAt ?? null,
        revokedAt: spec.revokedAt ?? null,
        cacheEnabled: spec.cacheEnabled ?? true,
        storeContent: spec.storeContent ?? false,
      },
    });
    return { key: generated.key, id: row.id, prefix: generated.prefix };
  }

  /** Reloads the gateway's snapshot now, instead of waiting for the refresh interval. */
  async function refresh() {
    await runtime.deps.config.refresh();
  }

  /** Waits until the gateway's log sink has written `count` request-log rows matching `where`. */
  async function waitForLogs(where: Prisma.RequestLogWhereInput, count = 1) {
    return waitFor(`${count} request log rows`, async () => {
      const rows = await db.requestLog.findMany({ where, orderBy: { id: "asc" } });
      return rows.length >= count ? rows : null;
    });
  }

  async function post(path: string, body: unknown, init: { key?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    return fetch(`${server.url}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  }

  return {
    database,
    db,
    fake,
    workspace,
    provider,
    runtime,
    server,
    url: server.url,
    baseURL: `${server.url}/v1`,
    modelId,
    createDeployment,
    createKey,
    refresh,
    waitForLogs,
    post,
    async stop() {
      await server.close(1000);
      await runtime.stop();
      await gatewayDb.$disconnect();
      await fake.close();
      await database.stop();
    },
  };
}

/** Mulberry32: a small seeded generator, so routing tests draw the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type OpenAiErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };
