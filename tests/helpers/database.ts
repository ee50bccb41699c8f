import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const execFileAsync = promisify(execFile);
const templatesRoot = path.join(tmpdir(), "luodi-test-db-templates");

export type TestDatabase = { url: string; db: Db; stop: () => Promise<void> };

/**
 * Starts a private embedded database (PGlite with pgvector, served on a free loopback port) with all
 * migrations applied, and returns its URL, a Prisma client and `stop`, which disconnects, stops the server
 * and deletes the data folder.
 *
 * Creating a PGlite data folder took about 10 s on an idle 2-core machine, so the first call builds a
 * migrated template folder under the OS temp folder and later calls copy it (about 3 s per call there).
 * The template is keyed by the migrations and the embedded database code, so a changed migration builds a
 * new one. runMigrations still runs on every copy and applies nothing unless the template is behind.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const templateDir = await ensureTemplate();
  const workDir = await mkdtemp(path.join(tmpdir(), "luodi-test-db-"));
  const dataDir = path.join(workDir, "data");
  await copyDirectory(templateDir, dataDir);

  const embedded = await startEmbeddedDatabase({ dataDir, host: "127.0.0.1", port: await findFreePort() });
  const removeAll = async () => {
    await embedded.stop();
    await rm(workDir, { recursive: true, force: true });
  };

  try {
    await runMigrations(embedded.url);
  } catch (error) {
    await removeAll();
    throw error;
  }

  const db = createDb(embedded.url);
  return {
    url: embedded.url,
    db,
    stop: async () => {
      await db.$disconnect();
      await removeAll();
    },
  };
}

/**
 * Copies the template with `cp -a`. For PGlite's thousand-odd small files it took about 1 s on a 2-core
 * Debian machine, where Node's fs.cp took about 4 s.
 */
async function copyDirectory(source: string, target: string): Promise<void> {
  try {
    await execFileAsync("cp", ["-a", source, target]);
  } catch (error) {
    throw new Error(`copying the test database template ${source} to ${target} failed: ${(error as Error).message}`);
  }
}

/** Asks the OS for an unused loopback TCP port. Another process could take it before it is used, which is rare. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("the OS returned no port for a listening socket on 127.0.0.1"));
      });
    });
  });
}

/**
 * Returns the folder of a migrated, cleanly closed PGlite database, building it when missing. Parallel test
 * workers may build the same template at once: each builds in its own folder and renames it into place,
 * and a worker that loses the race discards its copy.
 */
async function ensureTemplate(): Promise<string> {
  const templateDir = path.join(templatesRoot, await templateKey());
  if (await exists(templateDir)) return templateDir;

  await mkdir(templatesRoot, { recursive: true });
  const buildDir = await mkdtemp(path.join(templatesRoot, "build-"));
  try {
    const embedded = await startEmbeddedDatabase({ dataDir: buildDir, host: "127.0.0.1", port: await findFreePort() });
    try {
      await runMigrations(embedded.url);
    } finally {
      await embedded.stop();
    }
    await rename(buildDir, templateDir);
  } catch (error) {
    await rm(buildDir, { recursive: true, force: true });
    // Losing the rename race to a parallel worker is fine: its template is just as good.
    if (!(await exists(templateDir))) throw error;
  }
  await removeStaleTemplates(templateDir);
  return templateDir;
}

/**
 * Deletes templates built from other migrations more than a day ago. Each is about 40 MB, and younger ones
 * may belong to a test run of another checkout that is still going.
 */
async function removeStaleTemplates(currentTemplate: string): Promise<void> {
  const maxAgeMs = 24 * 60 * 60 * 1000;
  for (const name of await readdir(templatesRoot)) {
    const candidate = path.join(templatesRoot, name);
    if (candidate === currentTemplate) continue;
    const info = await stat(candidate).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) await rm(candidate, { recursive: true, force: true });
  }
}

/** Hashes the inputs that shape the template: migration files, the embedded database code and PGlite's version. */
async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  const migrationsDir = path.join(repoRoot, "prisma", "migrations");
  for (const file of await listFiles(migrationsDir)) {
    hash.update(path.relative(migrationsDir, file));
    hash.update(await readFile(file));
  }
  hash.update(await readFile(path.join(repoRoot, "lib", "db", "embedded.ts")));
  hash.update(await readFile(path.join(repoRoot, "node_modules", "@electric-sql", "pglite", "package.json")));
  return hash.digest("hex").slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function exists(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}
