// Benchmark: dashboard queries over the usage roll-ups of 10 million logged requests spread over 30 days.
// It generates synthetic gateway traffic (40 models, 300 API keys, 30 routes, a daily cycle, skewed key
// popularity). The log writer's own rollupsOf and upsertRollups turn it into UsageRollup rows, in time
// order and in chunks as the writer would. Then it times each query of a 30-day dashboard view.
//
//   node --import tsx bench/dashboards.ts [--requests 10000000] [--days 30] [--runs 5] [--database postgres|embedded]
//
// postgres (the default) starts Debian's PostgreSQL 15 server in a temporary folder (tests/helpers/postgres.ts);
// embedded serves PGlite in a child process, as the launcher does without DATABASE_URL.
// Writes bench/results/dashboards.json; a run with fewer than 10 million requests is marked as a smoke run.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { GatewayLogEntry } from "@/lib/gateway/contracts";

const MODEL_COUNT = 40;
const KEY_COUNT = 300;
const ROUTE_COUNT = 30;

const MINUTE_MS = 60_000;

/** mulberry32: a small, fast seeded PRNG with a period of 2^32, enough for synthetic data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Relative traffic of a UTC minute: lowest at night in China (UTC+8), highest around 14:00 there. */
function diurnalWeight(minuteOfDay: number): number {
  const chinaHour = (minuteOfDay / 60 + 8) % 24;
  return 0.15 + Math.max(0, Math.sin(((chinaHour - 7) / 16) * Math.PI));
}

/** Index into `weights` drawn with probability proportional to each weight (weights as a cumulative table). */
function pick(cumulative: readonly number[], random: () => number): number {
  const target = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function cumulativeOf(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((weight) => (sum += weight));
}

type TrafficShape = { workspaceId: string; keyIds: string[]; modelIds: string[]; modelNames: string[] };

/**
 * Yields `total` entries, oldest first, in chunks of about `chunkSize`, spread over `days` days that end at
 * `end`. Each key calls one or two routes, and each route splits its traffic over two models.
 */
function* syntheticTraffic(shape: TrafficShape, total: number, days: number, end: number, chunkSize: number): Generator<GatewayLogEntry[]> {
  const random = seededRandom(20261205);
  const minutes = days * 1440;
  const start = Math.floor(end / MINUTE_MS) * MINUTE_MS - minutes * MINUTE_MS;
  const weights = Array.from({ length: minutes }, (_, index) => diurnalWeight(index % 1440));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  // Zipf-like popularity: a few keys send most requests.
  const keyPopularity = cumulativeOf(Array.from({ length: KEY_COUNT }, (_, rank) => 1 / (rank + 1) ** 0.8));

  let chunk: GatewayLogEntry[] = [];
  let carried = 0;
  for (let minute = 0; minute < minutes; minute++) {
    carried += (total * weights[minute]!) / weightSum;
    const count = Math.floor(carried);
    carried -= count;
    for (let index = 0; index < count; index++) {
      chunk.push(entryAt(shape, start + minute * MINUTE_MS + Math.floor(random() * MINUTE_MS), random, keyPopularity));
    }
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function sourceOf(draw: number): GatewayLogEntry["source"] {
  if (draw < 0.9) return "gateway";
  if (draw < 0.97) return "playground";
  return "experiment";
}

/** Each key calls its own route 70% of the time and a second route otherwise. */
function routeOf(key: number, draw: number): number {
  if (draw < 0.7) return key % ROUTE_COUNT;
  return (key * 7 + 3) % ROUTE_COUNT;
}

/** Each route sends 80% of its traffic to one model and 20% to another (an A/B split). */
function modelOf(route: number, draw: number): number {
  if (draw < 0.8) return route % MODEL_COUNT;
  return (route + 13) % MODEL_COUNT;
}

/** Every tenth model has no price; the others alternate between CNY and USD prices. */
function currencyOf(model: number): "CNY" | "USD" | null {
  if (model % 10 === 9) return null;
  return model % 2 === 0 ? "CNY" : "USD";
}

function entryAt(shape: TrafficShape, time: number, random: () => number, keyPopularity: readonly number[]): GatewayLogEntry {
  const source = sourceOf(random());
  const gateway = source === "gateway";
  const key = pick(keyPopularity, random);
  const route = gateway ? routeOf(key, random()) : -1;
  const model = route >= 0 ? modelOf(route, random()) : Math.floor(random() * MODEL_COUNT);
  const currency = currencyOf(model);

  const failed = random() < 0.02;
  const cacheHit = gateway && !failed && random() < 0.05;
  const latencyMs = cacheHit ? 2 + random() * 5 : Math.exp(6.5 + random() * 1.6 + (random() < 0.03 ? 2 : 0));
  const inputTokens = Math.floor(50 + random() * 1950);
  const outputTokens = failed ? 0 : Math.floor(20 + random() * 780);
  const cost = currency === null || cacheHit ? null : ((inputTokens * 1 + outputTokens * 2) / 1e6) * (currency === "CNY" ? 7 : 1);

  return {
    workspaceId: shape.workspaceId,
    source,
    userId: null,
    apiKeyId: gateway ? shape.keyIds[key]! : null,
    providerId: null,
    modelId: shape.modelIds[model]!,
    model: shape.modelNames[model]!,
    route: gateway ? `route-${route}` : null,
    status: failed ? "error" : "ok",
    httpStatus: failed ? 502 : 200,
    errorCode: failed ? "upstream_status" : null,
    errorMessage: null,
    inputTokens,
    outputTokens,
    usageEstimated: false,
    ttftMs: random() < 0.6 ? Math.round(latencyMs * 0.3) : null,
    latencyMs: Math.round(latencyMs),
    cost,
    currency: cost === null ? null : currency,
    cacheHit,
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
    createdAt: new Date(time),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Running the benchmark.

const root = fileURLToPath(new URL("..", import.meta.url));
const FULL_RUN_REQUESTS = 10_000_000;
const CHUNK_ENTRIES = 50_000;
// Roll-up rows per upsert statement: the statement carries them as one JSON parameter.
const UPSERT_BATCH_ROWS = 5_000;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const requests = Number(argument("requests", String(FULL_RUN_REQUESTS)));
const days = Number(argument("days", "30"));
const runs = Number(argument("runs", "5"));
const databaseKind = argument("database", "postgres");
if (!Number.isInteger(requests) || requests < 1) throw new Error(`--requests must be a positive whole number, got ${argument("requests", "")}`);
if (!Number.isInteger(days) || days < 1 || days > 90) throw new Error(`--days must be a whole number from 1 to 90, got ${argument("days", "")}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, got ${argument("runs", "")}`);
if (databaseKind !== "postgres" && databaseKind !== "embedded") throw new Error(`--database must be postgres or embedded, got ${databaseKind}`);

type Database = { url: string; label: string; stop: () => Promise<void> };

async function startPostgres(): Promise<Database> {
  const { postgresSkipReason, startPostgresServer } = await import("../tests/helpers/postgres");
  const missing = postgresSkipReason();
  if (missing) throw new Error(`${missing}; or run with --database embedded`);
  const server = await startPostgresServer();
  return { url: server.url, label: "PostgreSQL 15 server (fsync off), same machine", stop: server.stop };
}

async function startEmbedded(): Promise<Database> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench/support/serve-database.ts")], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /DATABASE_URL=(\S+)/.exec(buffer);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`database process exited with ${code}`)));
  });
  return {
    url,
    label: "embedded PGlite through pglite-socket, in a child process",
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Creates the workspace, keys and models the synthetic traffic refers to, so breakdowns read real names. */
async function seedShape(db: Db): Promise<TrafficShape> {
  const workspace = await db.workspace.create({ data: { slug: `bench-${Date.now()}`, name: "Dashboards benchmark" } });
  const provider = await db.provider.create({ data: { workspaceId: workspace.id, name: "bench provider", kind: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1" } });

  const modelNames = Array.from({ length: MODEL_COUNT }, (_, index) => `bench-model-${index}`);
  await db.providerModel.createMany({ data: modelNames.map((name) => ({ workspaceId: workspace.id, providerId: provider.id, name })) });
  const models = await db.providerModel.findMany({ where: { workspaceId: workspace.id }, select: { id: true, name: true } });
  const modelIdByName = new Map(models.map((model) => [model.name, model.id]));

  await db.apiKey.createMany({
    data: Array.from({ length: KEY_COUNT }, (_, index) => ({
      workspaceId: workspace.id,
      name: `bench key ${index}`,
      prefix: `lk-bench${String(index).padStart(3, "0")}`.slice(0, 11),
      keyHash: `bench-${workspace.id}-${index}`,
    })),
  });
  const keys = await db.apiKey.findMany({ where: { workspaceId: workspace.id }, select: { id: true, name: true } });
  const keyIds = keys.sort((a, b) => Number(a.name.split(" ").pop()) - Number(b.name.split(" ").pop())).map((key) => key.id);

  return { workspaceId: workspace.id, keyIds, modelIds: modelNames.map((name) => modelIdByName.get(name)!), modelNames };
}

/** Writes the traffic's roll-ups through the log writer's own functions; RequestLog rows are not needed. */
async function loadRollups(db: Db, shape: TrafficShape, end: number) {
  const { rollupsOf, upsertRollups } = await import("@/lib/usage/rollup");
  let written = 0;
  let rollupTime = 0;
  let upsertTime = 0;

  for (const chunk of syntheticTraffic(shape, requests, days, end, CHUNK_ENTRIES)) {
    let started = performance.now();
    const rows = rollupsOf(chunk);
    rollupTime += performance.now() - started;

    started = performance.now();
    for (let offset = 0; offset < rows.length; offset += UPSERT_BATCH_ROWS) await upsertRollups(db, rows.slice(offset, offset + UPSERT_BATCH_ROWS));
    upsertTime += performance.now() - started;

    written += chunk.length;
    if (written % 1_000_000 < CHUNK_ENTRIES) console.log(`bench: ${written.toLocaleString("en")} requests rolled up`);
  }
  return { written, rollupSeconds: rollupTime / 1000, upsertSeconds: upsertTime / 1000 };
}

type Timing = { p50_ms: number; max_ms: number; runs: number };

async function time(run: () => Promise<unknown>): Promise<Timing> {
  await run(); // warm-up: plans and caches, as on a dashboard that is already open
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50_ms: round(samples[Math.floor((samples.length - 1) / 2)]!), max_ms: round(samples[samples.length - 1]!), runs };
}

async function timeQueries(db: Db, workspaceId: string, end: number) {
  const { getBreakdown, getOverview, getSeries } = await import("@/lib/usage/dashboard-query");
  const actor: Actor = { type: "system", userId: null, email: null, role: "admin", workspaceId };
  const to = new Date(end);
  const monthView = { granularity: "day" as const, from: new Date(end - days * 86_400_000), to };
  const weekHours = { granularity: "hour" as const, from: new Date(end - 7 * 86_400_000), to };
  const monthHours = { granularity: "hour" as const, from: new Date(end - Math.min(days, 31) * 86_400_000), to };

  const queries: Record<string, () => Promise<unknown>> = {
    overview: () => getOverview(db, actor, { timeZone: "Asia/Shanghai" }, end),
    series_day_30d: () => getSeries(db, actor, monthView, end),
    series_hour_7d: () => getSeries(db, actor, weekHours, end),
    series_hour_30d: () => getSeries(db, actor, monthHours, end),
    series_minute_6h: () => getSeries(db, actor, { granularity: "minute", from: new Date(end - 6 * 3_600_000), to }, end),
    breakdown_model_30d: () => getBreakdown(db, actor, monthView, "model", end),
    breakdown_key_30d: () => getBreakdown(db, actor, monthView, "key", end),
    breakdown_route_30d: () => getBreakdown(db, actor, monthView, "route", end),
  };

  const results: Record<string, Timing> = {};
  for (const [name, run] of Object.entries(queries)) {
    results[name] = await time(run);
    console.log(`bench: ${name} p50 ${results[name]!.p50_ms} ms, max ${results[name]!.max_ms} ms`);
  }
  return results;
}

async function rollupRowCounts(db: Db, workspaceId: string) {
  const rows = await db.$queryRawUnsafe<Array<{ granularity: string; count: bigint }>>(
    `SELECT "granularity", count(*) AS "count" FROM "UsageRollup" WHERE "workspaceId" = $1 GROUP BY "granularity"`,
    workspaceId,
  );
  const count = (granularity: string) => Number(rows.find((row) => row.granularity === granularity)?.count ?? 0);
  return { minute: count("minute"), hour: count("hour"), day: count("day"), total: rows.reduce((sum, row) => sum + Number(row.count), 0) };
}

async function main() {
  const database = databaseKind === "postgres" ? await startPostgres() : await startEmbedded();
  process.env.LOG_LEVEL = "warn";
  try {
    const { runMigrations } = await import("@/lib/db/migrate");
    const { createDb } = await import("@/lib/db/client");
    await runMigrations(database.url, { log: () => undefined });
    const db = createDb(database.url);

    const shape = await seedShape(db);
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    console.log(`bench: rolling up ${requests.toLocaleString("en")} requests over ${days} days into ${database.label}`);
    const load = await loadRollups(db, shape, end);
    // Autovacuum would analyse the table after a load this size; the bench does it at once.
    await db.$executeRawUnsafe(`ANALYZE "UsageRollup"`);

    const queries = await timeQueries(db, shape.workspaceId, end);
    const rollupRows = await rollupRowCounts(db, shape.workspaceId);
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const result = {
      requests: load.written,
      days,
      smoke_run: requests < FULL_RUN_REQUESTS,
      shape: { models: MODEL_COUNT, api_keys: KEY_COUNT, routes: ROUTE_COUNT },
      rollup_rows: rollupRows,
      load: { rollups_of_s: Number(load.rollupSeconds.toFixed(1)), upsert_s: Number(load.upsertSeconds.toFixed(1)) },
      queries,
      database: database.label,
      machine: `${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
      date: new Date().toISOString().slice(0, 10),
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(path.join(root, "bench/results/dashboards.json"), `${JSON.stringify(result, null, 2)}\n`);
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

await main();
