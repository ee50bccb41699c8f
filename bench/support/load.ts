// Open-loop load generator for the gateway benchmark: sends chat completions at a fixed rate (requests are
// started on schedule whether or not earlier ones finished, so a slow server shows up as latency, not as a
// lower rate) and prints one JSON line with latency percentiles and error counts.
//
//   node --import tsx bench/support/load.ts --url URL --rps 500 --seconds 20 [--key KEY] [--model NAME] [--warmup 3]
import http from "node:http";

function argument(name: string, fallback?: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

const url = new URL(argument("url"));
const rps = Number(argument("rps"));
const seconds = Number(argument("seconds", "20"));
const warmupSeconds = Number(argument("warmup", "3"));
const key = argument("key", "none");
const model = argument("model", "bench-model");

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const body = JSON.stringify({ model, messages: [{ role: "user", content: "帮我查一下北京明天的天气" }], max_tokens: 32 });
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${key}` };

type Sample = { ms: number; status: number };

function send(): Promise<Sample> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const request = http.request(url, { method: "POST", agent, headers }, (response) => {
      response.resume();
      response.on("end", () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.statusCode ?? 0 }));
    });
    request.on("error", () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: 0 }));
    request.setTimeout(30_000, () => request.destroy());
    request.end(body);
  });
}

/** Starts requests on a fixed schedule for the given seconds; resolves when every request has finished. */
async function runPhase(phaseSeconds: number): Promise<Sample[]> {
  const total = Math.round(rps * phaseSeconds);
  const pending: Promise<Sample>[] = [];
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rps));
      while (pending.length < due) pending.push(send());
      if (pending.length >= total) return resolve();
      // A 1 ms timer, not setImmediate: polling with setImmediate kept one of the machine's two cores busy
      // doing nothing, which the gateway, upstream and database then lacked. Requests due within the same
      // millisecond go out together, as they would from many real clients.
      setTimeout(tick, 1);
    };
    tick();
  });
  return Promise.all(pending);
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

await runPhase(warmupSeconds);
const cpuBefore = process.cpuUsage();
const samples = await runPhase(seconds);
const cpu = process.cpuUsage(cpuBefore);
const ok = samples.filter((sample) => sample.status === 200).map((sample) => sample.ms).sort((a, b) => a - b);
const statuses: Record<string, number> = {};
for (const sample of samples) if (sample.status !== 200) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
console.log(
  JSON.stringify({
    rps,
    requests: samples.length,
    ok: ok.length,
    errors: samples.length - ok.length,
    statuses,
    p50_ms: percentile(ok, 0.5),
    p90_ms: percentile(ok, 0.9),
    p99_ms: percentile(ok, 0.99),
    max_ms: ok.at(-1) ?? Number.NaN,
    // The generator's own CPU share of one core, because it competes with the servers it measures.
    cpu_cores: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100) / 100,
  }),
);
agent.destroy();
