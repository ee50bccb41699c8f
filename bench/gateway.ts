// Benchmark: the latency the gateway adds over calling the upstream directly, at 200, 500 and 1,000
// requests/s, for Luodi's gateway (API key, RPM/TPM/budget limits and request logging on) and, in the same
// run, LiteLLM's proxy in front of the same fast loopback upstream. Then ten minutes of sustained load on
// Luodi's gateway with its RSS sampled, to check that memory does not grow.
//
//   node --import tsx bench/gateway.ts [--seconds 20] [--soak-minutes 10] [--rates 200,500,1000]
//     [--skip-litellm] [--gateway-node-flags "--trace-gc"] [--gateway-output /tmp/gateway.log]
//
// Every part runs in its own process (database, upstream, gateway, LiteLLM, load generator), as in
// production. LiteLLM comes from a virtual environment under ~/.cache/luodi/litellm-venv (see gateway.md).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "@/lib/db/client";
import { generateApiKey } from "@/lib/gateway/key-secret";
import { findFreePort } from "../tests/helpers/database";

const root = fileURLToPath(new URL("..", import.meta.url));
const litellmBin = path.join(os.homedir(), ".cache", "luodi", "litellm-venv", "bin", "litellm");

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const phaseSeconds = Number(option("seconds", "20"));
const soakMinutes = Number(option("soak-minutes", "10"));
const rates = option("rates", "200,500,1000").split(",").map(Number);
// Extra node flags for the gateway process, for example "--cpu-prof --cpu-prof-dir=/tmp/gateway-profile".
const gatewayNodeFlags = option("gateway-node-flags", "").split(" ").filter(Boolean);
const skipLitellm = process.argv.includes("--skip-litellm");
// A file that receives the gateway's stdout and stderr, for example with --gateway-node-flags "--trace-gc".
const gatewayOutput = option("gateway-output", "");

const children: ChildProcess[] = [];

/** Starts a child and resolves with the first stdout match of `ready`. */
function startChild(command: string, args: string[], env: Record<string, string>, ready: RegExp | null, timeoutMs = 120_000): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`${command} did not become ready: ${buffer.slice(-2000)}`)), timeoutMs);
    const onData = (data: Buffer) => {
      buffer += data.toString();
      const match = ready?.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
      if (buffer.length > 100_000) buffer = buffer.slice(-20_000);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${command} exited with ${code}: ${buffer.slice(-2000)}`)));
    if (!ready) {
      clearTimeout(timer);
      resolve({ child, match: /$/.exec("")! });
    }
  });
}

async function waitForHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

type LoadResult = { rps: number; requests: number; ok: number; errors: number; p50_ms: number; p99_ms: number; cpu_cores: number; statuses: Record<string, number> };

/** Runs the load generator in its own process and returns its result line. */
function runLoad(url: string, rps: number, key: string, seconds = phaseSeconds): Promise<LoadResult> {
  const args = ["--import", "tsx", "bench/support/load.ts", "--url", url, "--rps", String(rps), "--seconds", String(seconds), "--key", key];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (data: Buffer) => (output += data.toString()));
    child.on("exit", (code) => {
      const line = output.split("\n").find((entry) => entry.startsWith('{"rps"'));
      if (code !== 0 || !line) return reject(new Error(`load generator exited with ${code}: ${output.slice(-1000)}`));
      resolve(JSON.parse(line) as LoadResult);
    });
  });
}

/** Seeds a workspace with a provider for the upstream, a deployment and an API key with limits and logging. */
async function seedLuodi(databaseUrl: string, upstreamUrl: string): Promise<string> {
  const db = createDb(databaseUrl);
  const workspace = await db.workspace.create({ data: { slug: "bench", name: "Bench" } });
  const provider = await db.provider.create({ data: { workspaceId: workspace.id, name: "upstream", kind: "openai-compatible", baseUrl: upstreamUrl } });
  await db.networkAllowRule.create({ data: { workspaceId: workspace.id, pattern: "127.0.0.1" } });
  const model = await db.providerModel.create({
    data: { workspaceId: workspace.id, providerId: provider.id, name: "bench-model", capabilities: ["chat"], inputPrice: "2", outputPrice: "8", currency: "CNY" },
  });
  await db.deployment.create({ data: { workspaceId: workspace.id, name: "bench-model", targets: [{ modelId: model.id, weight: 1 }], retries: 0 } });
  const secret = generateApiKey();
  // Limits far above the offered load, so every request pays for the checks but none is refused.
  await db.apiKey.create({
    data: { workspaceId: workspace.id, name: "bench", prefix: secret.prefix, keyHash: secret.keyHash, rpmLimit: 10_000_000, tpmLimit: 1_000_000_000, monthlyBudget: "100000000", budgetCurrency: "CNY" },
  });
  await db.$disconnect();
  return secret.key;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Returns the CPU seconds (user + system) a process has used so far, read from /proc in 1/100 s clock ticks. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Reads the gauges of the gateway's /metrics. The process gauges cover the time since the previous read. */
async function gatewayGauges(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const gauges: Record<string, number> = {};
  for (const match of text.matchAll(/^(nodejs_\w+|process_\w+) (\S+)$/gm)) gauges[match[1]!] = Number(match[2]);
  return gauges;
}

/**
 * Runs one Luodi phase and records where its time went: the CPU each server process used (in cores), and
 * the gateway's event-loop delay and GC pauses over the phase. A tail far above the event-loop delay means
 * requests waited for a core, not for the gateway's own work.
 */
async function profiledLuodiRun(url: string, rps: number, key: string, pids: Record<string, number>, metricsUrl: string) {
  const before = await gatewayGauges(metricsUrl);
  const cpuBefore = await Promise.all(Object.values(pids).map(cpuSeconds));
  const started = performance.now();
  const run = await runLoad(url, rps, key);
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await Promise.all(Object.values(pids).map(cpuSeconds));
  const after = await gatewayGauges(metricsUrl);

  const round = (value: number) => Math.round(value * 100) / 100;
  const cores: Record<string, number> = { load_generator: run.cpu_cores };
  Object.keys(pids).forEach((name, index) => (cores[name] = round((cpuAfter[index]! - cpuBefore[index]!) / elapsed)));
  const profile = {
    cpu_cores: cores,
    eventloop_delay_p99_ms: round((after.nodejs_eventloop_delay_p99_seconds ?? Number.NaN) * 1000),
    eventloop_delay_max_ms: round((after.nodejs_eventloop_delay_max_seconds ?? Number.NaN) * 1000),
    gc_pause_ms_per_s: round((((after.nodejs_gc_pause_seconds_total ?? 0) - (before.nodejs_gc_pause_seconds_total ?? 0)) * 1000) / elapsed),
    gc_longest_pause_ms: round((after.nodejs_gc_longest_pause_seconds ?? Number.NaN) * 1000),
  };
  return { run, profile };
}

/** Returns the number of entries buffered in the gateway's log sink, read from its /metrics. */
async function bufferedLogEntries(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const match = /^luodi_gateway_log_buffered_entries (\d+)/m.exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Runs sustained load on the gateway and samples its RSS and log buffer every 10 s. Growth is the last
 * minute's mean minus the second minute's. A buffer that keeps growing means database writes fell behind,
 * which uses memory without being a leak.
 */
async function soak(url: string, key: string, pid: number, metricsUrl: string): Promise<{ samples: number[]; bufferedSamples: number[]; growthMb: number }> {
  const samples: number[] = [];
  const bufferedSamples: number[] = [];
  const timer = setInterval(() => {
    void rssMb(pid).then((value) => samples.push(Math.round(value * 10) / 10));
    void bufferedLogEntries(metricsUrl).then((value) => bufferedSamples.push(value), () => bufferedSamples.push(Number.NaN));
  }, 10_000);
  const result = await runLoad(url, 500, key, soakMinutes * 60);
  clearInterval(timer);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  // The first minute is warm-up (JIT, pools, caches filling); growth after it is what would be a leak.
  const growthMb = mean(samples.slice(-6)) - mean(samples.slice(6, 12));
  console.log(`soak: ${JSON.stringify(result)}`);
  return { samples, bufferedSamples, growthMb: Math.round(growthMb * 10) / 10 };
}

/** Starts LiteLLM's proxy in front of the same upstream, with the same model name. */
async function startLitellm(litellmPort: number, upstreamUrl: string): Promise<void> {
  const litellmDir = await mkdtemp(path.join(os.tmpdir(), "luodi-bench-litellm-"));
  const litellmConfig = path.join(litellmDir, "config.yaml");
  await writeFile(
    litellmConfig,
    [
      "model_list:",
      "  - model_name: bench-model",
      "    litellm_params:",
      "      model: openai/bench-model",
      `      api_base: ${upstreamUrl}`,
      "      api_key: sk-upstream",
      "      rpm: 10000000",
      "      tpm: 1000000000",
      "general_settings:",
      "  master_key: sk-bench-master",
      "",
    ].join("\n"),
  );
  startChild(litellmBin, ["--config", litellmConfig, "--port", String(litellmPort), "--host", "127.0.0.1", "--num_workers", "1"], { LITELLM_LOCAL_MODEL_COST_MAP: "True", LITELLM_LOG: "ERROR" }, null).catch(() => undefined);
  await waitForHttp(`http://127.0.0.1:${litellmPort}/health/liveliness`);
}

async function main() {
  if (!existsSync(litellmBin)) throw new Error(`LiteLLM is not installed at ${litellmBin}; see bench/gateway.md`);

  const { child: database, match: dbMatch } = await startChild(process.execPath, ["--import", "tsx", "bench/support/serve-database.ts"], {}, /DATABASE_URL=(\S+)/);
  const databaseUrl = dbMatch[1]!;
  const { child: upstream, match: upstreamMatch } = await startChild(process.execPath, ["--import", "tsx", "bench/support/fast-upstream.ts"], {}, /UPSTREAM_URL=(\S+)/);
  const upstreamUrl = upstreamMatch[1]!;
  const luodiKey = await seedLuodi(databaseUrl, upstreamUrl);

  const gatewayPort = await findFreePort();
  const { child: gateway } = await startChild(
    process.execPath,
    [...gatewayNodeFlags, "--import", "tsx", "gateway/server.ts"],
    { DATABASE_URL: databaseUrl, GATEWAY_PORT: String(gatewayPort), HOST: "127.0.0.1", LOG_LEVEL: "warn", NODE_ENV: "production", LUODI_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
    null,
  );
  if (gatewayOutput) {
    const output = createWriteStream(gatewayOutput);
    gateway.stdout!.pipe(output);
    gateway.stderr!.pipe(output);
  }
  await waitForHttp(`http://127.0.0.1:${gatewayPort}/health`);

  const litellmPort = await findFreePort();
  if (!skipLitellm) await startLitellm(litellmPort, upstreamUrl);
  const direct = `${upstreamUrl}/chat/completions`;
  const luodi = `http://127.0.0.1:${gatewayPort}/v1/chat/completions`;
  const metricsUrl = `http://127.0.0.1:${gatewayPort}/metrics`;
  const litellm = `http://127.0.0.1:${litellmPort}/v1/chat/completions`;

  const results = [];
  // Without --skip-litellm the run is the recorded benchmark; with it, a quick look at Luodi alone.
  if (skipLitellm) console.log("LiteLLM skipped: its columns repeat Luodi's numbers and must not be recorded");
  for (const rps of rates) {
    // The database's CPU while only the upstream is under load: its share that the gateway's traffic does not cause.
    const databaseBefore = await cpuSeconds(database.pid!);
    const directStarted = performance.now();
    const directRun = await runLoad(direct, rps, "none");
    const databaseIdleCores = (await cpuSeconds(database.pid!)) - databaseBefore;
    const directElapsed = (performance.now() - directStarted) / 1000;
    const pids = { gateway: gateway.pid!, database: database.pid!, upstream: upstream.pid! };
    const { run: luodiRun, profile } = await profiledLuodiRun(luodi, rps, luodiKey, pids, metricsUrl);
    const litellmRun = skipLitellm ? luodiRun : await runLoad(litellm, rps, "sk-bench-master");
    console.log(JSON.stringify({ direct: directRun, luodi: luodiRun, litellm: litellmRun }));
    const round = (value: number) => Math.round(value * 100) / 100;
    results.push({
      rps,
      direct_p50_ms: round(directRun.p50_ms),
      direct_p99_ms: round(directRun.p99_ms),
      luodi_overhead_p50_ms: round(luodiRun.p50_ms - directRun.p50_ms),
      luodi_overhead_p99_ms: round(luodiRun.p99_ms - directRun.p99_ms),
      litellm_overhead_p50_ms: round(litellmRun.p50_ms - directRun.p50_ms),
      litellm_overhead_p99_ms: round(litellmRun.p99_ms - directRun.p99_ms),
      luodi_errors: luodiRun.errors,
      litellm_errors: litellmRun.errors,
      luodi_statuses: luodiRun.statuses,
      luodi_profile: { ...profile, database_cores_without_gateway_traffic: Math.round((databaseIdleCores / directElapsed) * 100) / 100 },
      litellm_statuses: litellmRun.statuses,
    });
  }

  const soakResult = soakMinutes > 0 ? await soak(luodi, luodiKey, gateway.pid!, metricsUrl) : { samples: [], bufferedSamples: [], growthMb: Number.NaN };

  const record = {
    rates: results,
    rss_growth_mb: soakResult.growthMb,
    rss_samples_mb: soakResult.samples,
    log_buffered_samples: soakResult.bufferedSamples,
    soak_minutes: soakMinutes,
    soak_rps: 500,
    phase_seconds: phaseSeconds,
    litellm_version: litellmVersion(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    date: new Date().toISOString().slice(0, 10),
  };
  if (!skipLitellm) await writeFile(path.join(root, "bench/results/gateway.json"), `${JSON.stringify(record, null, 2)}\n`);
  console.log(JSON.stringify(record, null, 2));
}

function litellmVersion(): string {
  const python = path.join(path.dirname(litellmBin), "python");
  return execFileSync(python, ["-c", "import importlib.metadata as m; print(m.version('litellm'))"], { encoding: "utf8" }).trim();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill("SIGTERM");
    setTimeout(() => process.exit(), 3000).unref();
  });
