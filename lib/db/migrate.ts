import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * Repository root, resolved from this file so that callers may run from any working directory.
 * NOTE: this assumes the module runs from its source file (tsx, vitest), not from a Next.js bundle.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const shimPath = path.join(repoRoot, "scripts", "prisma-schema-engine.mjs");
const prismaCliPath = path.join(repoRoot, "node_modules", ".bin", "prisma");
const defaultMigrationsDir = path.join(repoRoot, "prisma", "migrations");
const CONNECT_TIMEOUT_MS = 15_000;

export type MigrationOptions = {
  /** Receives each line the Prisma CLI prints, without the trailing newline. */
  log?: (line: string) => void;
  /** Folder of migrations to apply instead of prisma/migrations (tests use copies with extra migrations). */
  migrationsDir?: string;
};

/** A failed `prisma migrate deploy`. The message names the migration, the database error and the recovery. */
export class MigrationError extends Error {
  constructor(
    message: string,
    /** Folder name of the migration that failed, when the database recorded one. */
    readonly migrationName: string | undefined,
    /** The database's error text for that migration, or the CLI output when no migration was reached. */
    readonly databaseError: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

/**
 * Environment for running the Prisma CLI without network access: the schema engine is the local wasm shim
 * instead of the native binary that the CLI would download, and telemetry and update checks are off.
 */
export function schemaEngineEnv(): Record<string, string> {
  return {
    PRISMA_SCHEMA_ENGINE_BINARY: shimPath,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
}

/**
 * Applies pending migrations with `prisma migrate deploy` and returns the names it applied, oldest first.
 * Migrations that were applied before are skipped, so calling this at every start is safe.
 */
export async function runMigrations(databaseUrl: string, options: MigrationOptions = {}): Promise<{ applied: string[] }> {
  const before = await readMigrationRows(databaseUrl);
  // Starting the CLI and the engine takes seconds, so return early when the table already lists every
  // migration folder as applied, which is the usual case at start.
  if (isUpToDate(before, await listMigrationNames(options.migrationsDir ?? defaultMigrationsDir))) {
    options.log?.("All migrations are already applied.");
    return { applied: [] };
  }
  const { exitCode, output } = await withPrismaConfig(options.migrationsDir, (configArgs) =>
    runPrismaCli(["migrate", "deploy", ...configArgs], databaseUrl, options.log),
  );
  const after = await readMigrationRows(databaseUrl);

  if (exitCode !== 0) throw describeFailure(databaseUrl, removePassword(output, databaseUrl), after, options.migrationsDir ?? defaultMigrationsDir);

  const appliedBefore = new Set(before.filter(isApplied).map((row) => row.migration_name));
  const applied = after.filter((row) => isApplied(row) && !appliedBefore.has(row.migration_name)).map((row) => row.migration_name);
  return { applied };
}

type MigrationRow = {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

const isApplied = (row: MigrationRow) => row.finished_at !== null && row.rolled_back_at === null;
const isFailed = (row: MigrationRow) => row.finished_at === null && row.rolled_back_at === null;

/** Lists the migration folder names, which Prisma uses as migration names. */
async function listMigrationNames(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

function isUpToDate(rows: MigrationRow[], migrationNames: string[]): boolean {
  if (rows.some(isFailed)) return false;
  const applied = new Set(rows.filter(isApplied).map((row) => row.migration_name));
  return migrationNames.every((name) => applied.has(name));
}

/** Reads Prisma's bookkeeping table, or returns no rows when no migration ever ran on this database. */
async function readMigrationRows(databaseUrl: string): Promise<MigrationRow[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    const { rows } = await client.query<MigrationRow>(
      `SELECT migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name`,
    );
    return rows;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 42P01: no migration ran yet. 3D000: the database does not exist yet, and migrate deploy creates it.
    if (code === "42P01" || code === "3D000") return [];
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      `Database migrations could not start: reading _prisma_migrations on ${redactPassword(databaseUrl)} failed: ${reason}\n` +
        "Check that the database server is running and that DATABASE_URL is correct, then start again.",
      undefined,
      reason,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `work` with the CLI arguments that select the migrations folder. The repository's prisma.config.ts
 * fixes prisma/migrations, so another folder needs a config file of its own. That file is written to a
 * temporary folder and removed afterwards.
 */
async function withPrismaConfig<T>(migrationsDir: string | undefined, work: (configArgs: string[]) => Promise<T>): Promise<T> {
  if (!migrationsDir) return work([]);

  const configDir = await mkdtemp(path.join(tmpdir(), "luodi-prisma-config-"));
  const configPath = path.join(configDir, "prisma.config.mjs");
  // A plain object, because a file outside the repository cannot import "prisma/config".
  const source = [
    "export default {",
    `  schema: ${JSON.stringify(path.join(repoRoot, "prisma", "schema.prisma"))},`,
    `  migrations: { path: ${JSON.stringify(path.resolve(migrationsDir))} },`,
    "  datasource: { url: process.env.DATABASE_URL },",
    "};",
    "",
  ].join("\n");
  await writeFile(configPath, source);
  try {
    return await work(["--config", configPath]);
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
}

/** Runs the Prisma CLI from the repository root with the offline engine and returns its combined output. */
function runPrismaCli(args: string[], databaseUrl: string, log?: (line: string) => void): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(prismaCliPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...schemaEngineEnv(), DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks: string[] = [];
    let pending = "";
    const onData = (data: Buffer) => {
      const text = data.toString("utf8");
      chunks.push(text);
      pending += text;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) log?.(line);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error) => reject(new Error(`could not start the Prisma CLI at ${prismaCliPath}: ${error.message}; run npm install`)));
    child.once("close", (code, signal) => {
      if (pending) log?.(pending);
      resolve({ exitCode: code ?? (signal ? 128 : 1), output: chunks.join("") });
    });
  });
}

/** Builds the MigrationError for a failed deploy from the bookkeeping table, falling back to the CLI output. */
function describeFailure(databaseUrl: string, output: string, rows: MigrationRow[], migrationsDir: string): MigrationError {
  const failed = rows.find(isFailed);
  const target = redactPassword(databaseUrl);
  if (!failed) {
    const cliError = output.trim() || "the Prisma CLI exited without output";
    return new MigrationError(
      `Database migrations could not run on ${target}: ${cliError}\n` +
        "Check that the database server is running and that DATABASE_URL is correct, then start again.",
      undefined,
      cliError,
    );
  }

  const databaseError = failed.logs ? summarizeEngineLog(failed.logs) : output.trim();
  const name = failed.migration_name;
  const scriptPath = displayPath(path.join(migrationsDir, name, "migration.sql"));
  return new MigrationError(
    `Database migration ${name} failed on ${target}, and later migrations were not applied.\n` +
      `Database error: ${databaseError}\n` +
      `To recover: fix the SQL in ${scriptPath}, or restore the database from a backup if the migration changed ` +
      "data before failing (each migration script runs as one transaction unless it commits on its own). " +
      `Then mark the attempt as rolled back with \`scripts/prisma.sh migrate resolve --rolled-back ${name}\` ` +
      "(DATABASE_URL set to this database) and start again.",
    name,
    databaseError,
  );
}

/**
 * Returns the error text from a `_prisma_migrations.logs` entry without the engine's generic first line
 * ("external connector error") and its numbered span trace of engine functions.
 */
function summarizeEngineLog(logs: string): string {
  const withoutTrace = logs.split(/\n\s+0: /)[0] ?? logs;
  return withoutTrace.replace(/^external connector error\n/, "").trim();
}

/** Returns the path relative to the working directory when it lies inside it, else the absolute path. */
function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative.startsWith("..") ? target : relative;
}

/** Replaces the URL's password in CLI output, in case an error message quotes the connection string. */
function removePassword(text: string, databaseUrl: string): string {
  const password = URL.canParse(databaseUrl) ? decodeURIComponent(new URL(databaseUrl).password) : "";
  return password ? text.replaceAll(password, "***") : text;
}

/** Returns the URL with its password replaced, for messages and logs. */
function redactPassword(databaseUrl: string): string {
  try {
    const parsed = new URL(databaseUrl);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the configured database";
  }
}
