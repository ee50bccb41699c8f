// Benchmark: import a generated JSONL file of chat rows (1 GiB by default) through Luodi's import job:
// the analysis pass (parse, detect, validate every row) and the commit pass (parse again, write rows
// into a new version). Records rows/s and the importer's peak RSS, and, in the same run, a bare
// line-by-line JSON.parse loop over the same file as the ceiling.
//
//   node --expose-gc --import tsx bench/dataset-import.ts [--size-mb 1024]
//
// --expose-gc matches how the launcher starts the worker (lib/launcher/processes.ts). Without it V8 lets the
// import's short-lived garbage grow the heap, so the peak RSS measured here is much higher.
//
// The database runs in a child process (bench/support/serve-database.ts), so the RSS measured here is
// the importer's alone, as for a worker in production.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { link, mkdir, mkdtemp, rm, stat, copyFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ensureChatFile } from "./support/chat-rows";

const root = fileURLToPath(new URL("..", import.meta.url));
const sizeMb = Number(process.argv[process.argv.indexOf("--size-mb") + 1] ?? 1024) || 1024;
const cacheDir = path.join(os.homedir(), ".cache", "luodi", "bench");

function createRssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak && process.env.BENCH_DEBUG) {
      const usage = process.memoryUsage();
      console.log(`rss ${usage.rss >> 20} heapTotal ${usage.heapTotal >> 20} heapUsed ${usage.heapUsed >> 20} external ${usage.external >> 20} buffers ${usage.arrayBuffers >> 20}`);
    }
    peak = Math.max(peak, rss);
  }, 50);
  return { peakMb: () => Math.round(Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024), stop: () => clearInterval(timer) };
}

async function measureCeiling(file: string) {
  const started = performance.now();
  let rows = 0;
  const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    JSON.parse(line);
    rows += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

async function startDatabaseChild(): Promise<{ url: string; stop: () => Promise<void> }> {
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
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

async function placeInStorage(source: string, dataDir: string): Promise<string> {
  // A hard link replaces the upload, which the benchmark does not time because uploads only stream to disk.
  const key = `uploads/${crypto.randomUUID()}.jsonl`;
  const target = path.join(dataDir, "storage", key);
  await mkdir(path.dirname(target), { recursive: true });
  await link(source, target).catch(() => copyFile(source, target));
  return key;
}

async function main() {
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `chat-${sizeMb}mb.jsonl`);
  console.log(`bench: preparing ${file}`);
  await ensureChatFile(file, sizeMb);
  const fileBytes = (await stat(file)).size;

  console.log("bench: ceiling (readline + JSON.parse)");
  const ceiling = await measureCeiling(file);
  console.log(`bench: ceiling ${ceiling.rows} rows in ${ceiling.seconds.toFixed(1)} s`);

  const database = await startDatabaseChild();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "luodi-bench-data-"));
  process.env.DATABASE_URL = database.url;
  process.env.LUODI_DATA_DIR = dataDir;
  process.env.LOG_LEVEL = "warn";

  const { createDb } = await import("@/lib/db/client");
  const { createDataset } = await import("@/lib/datasets/datasets");
  const { createImport, commitImport } = await import("@/lib/datasets/imports");
  const { runImportJob } = await import("@/lib/datasets/import-job");
  const { logger } = await import("@/lib/log");
  const { seedWorkspace } = await import("../tests/users/fixtures");

  const db = createDb(database.url);
  const { admin } = await seedWorkspace(db, "bench");
  const { dataset } = await createDataset(db, admin, { name: "bench", description: "", labelSet: [], multiLabel: false, tokenLimit: null });
  const key = await placeInStorage(file, dataDir);
  const stored = await db.storedFile.create({
    data: { workspaceId: admin.workspaceId, storageKey: key, filename: "chat.jsonl", contentType: "application/jsonl", size: BigInt(fileBytes), sha256: "bench", purpose: "dataset-upload" },
  });

  const noQueue = async () => undefined;
  const context = { db, log: logger, attempt: 1, maxAttempts: 1 };
  const rss = createRssSampler();

  console.log("bench: analysis pass");
  const { datasetImport } = await createImport(db, noQueue, admin, dataset.id, stored.id);
  let started = performance.now();
  await runImportJob(context, datasetImport.id, "analyze");
  const analyzeSeconds = (performance.now() - started) / 1000;
  const analysed = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
  const analyzePeakMb = rss.peakMb();
  if (process.env.BENCH_DEBUG && typeof globalThis.gc === "function") {
    globalThis.gc();
    console.log(`after gc: heapUsed ${process.memoryUsage().heapUsed >> 20} rss ${process.memoryUsage.rss() >> 20}`);
  }
  console.log(`bench: analysed ${analysed.rowsDone} rows (${analysed.rowsInvalid} invalid) in ${analyzeSeconds.toFixed(1)} s`);

  console.log("bench: commit pass");
  await commitImport(db, noQueue, admin, datasetImport.id);
  started = performance.now();
  await runImportJob(context, datasetImport.id, "commit");
  const commitSeconds = (performance.now() - started) / 1000;
  rss.stop();

  const done = await db.datasetImport.findUniqueOrThrow({ where: { id: datasetImport.id } });
  const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: done.versionId! } });
  const rows = version.rowCount;
  const totalSeconds = analyzeSeconds + commitSeconds;

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const result = {
    file_mb: Math.round(fileBytes / 1024 / 1024),
    rows,
    rows_per_s: Math.round(rows / totalSeconds),
    peak_rss_mb: rss.peakMb(),
    analyze_peak_rss_mb: analyzePeakMb,
    ceiling_rows_per_s: ceiling.rowsPerSecond,
    analyze_rows_per_s: Math.round(rows / analyzeSeconds),
    commit_rows_per_s: Math.round(rows / commitSeconds),
    analyze_s: Number(analyzeSeconds.toFixed(1)),
    commit_s: Number(commitSeconds.toFixed(1)),
    database: "embedded PGlite through pglite-socket, in a child process",
    machine: `${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
    date: new Date().toISOString().slice(0, 10),
  };
  console.log(JSON.stringify(result, null, 2));
  await writeFile(path.join(root, "bench/results/dataset-import.json"), `${JSON.stringify(result, null, 2)}\n`);

  await db.$disconnect();
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
}

await main();
