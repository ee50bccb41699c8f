// Serves a fresh embedded database (PGlite + pgvector through pglite-socket) with Luodi's migrations
// applied, in its own process, as the launcher does, and prints its URL. Benchmarks start it as a child
// so the measured process's memory excludes the database, as the worker's does in production.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { findFreePort } from "../../tests/helpers/database";

const dataDir = await mkdtemp(path.join(process.env.BENCH_DB_DIR ?? os.tmpdir(), "luodi-bench-db-"));
const database = await startEmbeddedDatabase({ dataDir, host: "127.0.0.1", port: await findFreePort(), maxConnections: 8 });
await runMigrations(database.url, { log: () => undefined });
console.log(`DATABASE_URL=${database.url}`);

const stop = async () => {
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
