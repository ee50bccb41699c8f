import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { Prisma } from "@/lib/db/generated/client";
import { MigrationError, runMigrations, schemaEngineEnv } from "@/lib/db/migrate";
import { findFreePort, startTestDatabase } from "../helpers/database";
import { postgresSkipReason, startPostgresServer } from "../helpers/postgres";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const migrationsDir = path.join(repoRoot, "prisma", "migrations");
// Each Prisma CLI call starts Node and the wasm engine, which takes 3 to 10 s on a 2-core machine and
// longer when other jobs share it. `migrate dev` on PGlite also creates an in-memory shadow database.
const CLI_TEST_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------------------
// Helpers

async function migrationNames(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Runs a program with DATABASE_URL set, and returns its exit code and combined output. */
function runWithDatabase(command: string, args: string[], env: Record<string, string>): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (data: Buffer) => (output += data.toString()));
    child.stderr.on("data", (data: Buffer) => (output += data.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ exitCode: code ?? 1, output }));
  });
}

/** Runs a Prisma command the way engineers do, through scripts/prisma.sh. */
function runPrismaScript(args: string[], databaseUrl: string) {
  return runWithDatabase(path.join(repoRoot, "scripts", "prisma.sh"), args, { DATABASE_URL: databaseUrl });
}

/** Runs the Prisma CLI itself with the environment from schemaEngineEnv(), as other tools would. */
function runPrismaWithEngineEnv(args: string[], databaseUrl: string) {
  return runWithDatabase(path.join(repoRoot, "node_modules", ".bin", "prisma"), args, { ...schemaEngineEnv(), DATABASE_URL: databaseUrl });
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function tableExists(databaseUrl: string, table: string): Promise<boolean> {
  const rows = await query<{ name: string | null }>(databaseUrl, `SELECT to_regclass('public."${table}"')::text AS name`);
  return rows[0]?.name !== null;
}

/** Counts rows of every model through the generated client, which fails if a model's table is missing. */
async function countEveryModel(databaseUrl: string): Promise<Record<string, number>> {
  const db = createDb(databaseUrl, { max: 1 });
  const counts: Record<string, number> = {};
  try {
    for (const model of Object.values(Prisma.ModelName)) {
      const delegate = (db as unknown as Record<string, { count: () => Promise<number> }>)[model.charAt(0).toLowerCase() + model.slice(1)];
      counts[model] = await delegate!.count();
    }
  } finally {
    await db.$disconnect();
  }
  return counts;
}

const brokenMigrationName = "29991231000000_broken";

/**
 * Copies the real migrations into a temporary folder and adds a migration that creates a table, inserts a
 * row into an existing table and then fails on a missing table.
 */
async function migrationsWithBrokenLast(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "luodi-migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  await mkdir(path.join(dir, brokenMigrationName));
  await writeFile(
    path.join(dir, brokenMigrationName, "migration.sql"),
    [
      `CREATE TABLE "BrokenFirstStep" ("id" INTEGER PRIMARY KEY);`,
      `INSERT INTO "Workspace" ("id", "slug", "name") VALUES ('ws-from-broken', 'from-broken', 'Inserted by the broken migration');`,
      `SELECT * FROM "TableThatDoesNotExist";`,
      "",
    ].join("\n"),
  );
  return dir;
}

/** Writes a prisma.config file that points the CLI at `dir`, so scripts/prisma.sh can act on that folder. */
async function writeConfigFor(dir: string): Promise<string> {
  const configPath = path.join(dir, "..", `${path.basename(dir)}.config.mjs`);
  await writeFile(
    configPath,
    `export default { schema: ${JSON.stringify(path.join(repoRoot, "prisma", "schema.prisma"))}, ` +
      `migrations: { path: ${JSON.stringify(dir)} }, datasource: { url: process.env.DATABASE_URL } };\n`,
  );
  return configPath;
}

/**
 * Checks the whole failure path on a migrated database: the broken migration is rejected with its name and
 * the database error, nothing from it remains, earlier data stays, and the recovery steps in the message work.
 */
async function checkFailedMigration(databaseUrl: string): Promise<void> {
  await query(databaseUrl, `INSERT INTO "Workspace" ("id", "slug", "name") VALUES ('ws-before', 'before', 'Existing workspace')`);
  const workspaceIds = async () => (await query<{ id: string }>(databaseUrl, `SELECT "id" FROM "Workspace" ORDER BY "id"`)).map((row) => row.id);
  const idsBefore = await workspaceIds();
  const dir = await migrationsWithBrokenLast();
  try {
    const error = await runMigrations(databaseUrl, { migrationsDir: dir }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(MigrationError);
    const migrationError = error as MigrationError;
    expect(migrationError.migrationName).toBe(brokenMigrationName);
    expect(migrationError.message).toContain(brokenMigrationName);
    expect(migrationError.message).toContain("TableThatDoesNotExist");
    expect(migrationError.message).toContain(`migrate resolve --rolled-back ${brokenMigrationName}`);
    expect(migrationError.message).not.toContain("postgres:postgres@");

    // The script ran as one transaction: its first statements were rolled back with the failing one.
    expect(await tableExists(databaseUrl, "BrokenFirstStep")).toBe(false);
    expect(idsBefore).toContain("ws-before");
    expect(await workspaceIds()).toEqual(idsBefore);
    expect(await tableExists(databaseUrl, "User")).toBe(true);

    // A second start fails too, because the failed attempt is recorded.
    await expect(runMigrations(databaseUrl, { migrationsDir: dir })).rejects.toThrow(brokenMigrationName);

    // Recovery as the message describes it: fix the SQL, mark the attempt rolled back, start again.
    await writeFile(path.join(dir, brokenMigrationName, "migration.sql"), `CREATE TABLE "BrokenFirstStep" ("id" INTEGER PRIMARY KEY);\n`);
    const resolved = await runPrismaScript(["migrate", "resolve", "--rolled-back", brokenMigrationName, "--config", await writeConfigFor(dir)], databaseUrl);
    expect(resolved.output).toContain(brokenMigrationName);
    expect(resolved.exitCode).toBe(0);
    await expect(runMigrations(databaseUrl, { migrationsDir: dir })).resolves.toEqual({ applied: [brokenMigrationName] });
    expect(await tableExists(databaseUrl, "BrokenFirstStep")).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.config.mjs`, { force: true });
  }
}

/**
 * Runs `migrate dev` with an unchanged schema. It replays the migrations in a scratch shadow database, which
 * the engine wipes, so the main database must keep its rows and no scratch database may remain.
 */
async function checkMigrateDevKeepsData(databaseUrl: string): Promise<void> {
  await query(databaseUrl, `INSERT INTO "Workspace" ("id", "slug", "name") VALUES ('ws-dev', 'dev', 'Survives migrate dev')`);
  const dir = await mkdtemp(path.join(tmpdir(), "luodi-migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  try {
    const dev = await runPrismaScript(["migrate", "dev", "--name", "unchanged", "--config", await writeConfigFor(dir)], databaseUrl);
    expect(dev.output).toContain("Already in sync");
    expect(dev.exitCode).toBe(0);
    expect(await migrationNames(dir)).toEqual(await migrationNames());

    const workspaces = await query<{ id: string }>(databaseUrl, `SELECT "id" FROM "Workspace" WHERE "id" = 'ws-dev'`);
    expect(workspaces).toHaveLength(1);
    const scratch = await query(databaseUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db%'`);
    expect(scratch).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.config.mjs`, { force: true });
  }
}

/** Checks that the live database matches prisma/schema.prisma, by introspection through the shim. */
async function checkNoDrift(databaseUrl: string): Promise<void> {
  const diff = await runPrismaWithEngineEnv(["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"], databaseUrl);
  expect(diff.output).toContain("No difference detected");
  expect(diff.exitCode).toBe(0);

  const status = await runPrismaScript(["migrate", "status"], databaseUrl);
  expect(status.output).toContain("Database schema is up to date");
  expect(status.exitCode).toBe(0);
}

// ---------------------------------------------------------------------------------------------------------
// Embedded database (PGlite over pglite-socket)

describe("runMigrations on the embedded database", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let workDir: string;
  let url: string;
  let stopDatabase: () => Promise<void>;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "luodi-migrate-test-"));
    const embedded = await startEmbeddedDatabase({ dataDir: path.join(workDir, "data"), host: "127.0.0.1", port: await findFreePort() });
    url = embedded.url;
    stopDatabase = embedded.stop;
  });

  afterAll(async () => {
    await stopDatabase?.();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test("applies every migration to an empty database", async () => {
    const logged: string[] = [];
    const result = await runMigrations(url, { log: (line) => logged.push(line) });

    expect(result.applied).toEqual(await migrationNames());
    expect(logged.join("\n")).toContain("All migrations have been successfully applied");
    const counts = await countEveryModel(url);
    expect(Object.keys(counts).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  test("applies nothing on a second run", async () => {
    await expect(runMigrations(url)).resolves.toEqual({ applied: [] });
  });

  test("shows no drift after deploy", async () => {
    await checkNoDrift(url);
  });

  test("migrate dev keeps the main database", async () => {
    await checkMigrateDevKeepsData(url);
  });

  test("db pull introspects the live database", async () => {
    const pulled = await runPrismaScript(["db", "pull", "--print"], url);
    expect(pulled.exitCode).toBe(0);
    for (const model of Object.values(Prisma.ModelName)) expect(pulled.output).toContain(`model ${model} {`);
  });
});

describe("unreachable database", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  test("CLI reports P1001 for a closed port", async () => {
    const closedUrl = `postgresql://postgres@127.0.0.1:${await findFreePort()}/luodi`;
    const status = await runPrismaScript(["migrate", "status"], closedUrl);
    expect(status.output).toContain("P1001");
    expect(status.exitCode).not.toBe(0);
  });

  test("runMigrations rejects with MigrationError", async () => {
    const closedUrl = `postgresql://postgres:secret@127.0.0.1:${await findFreePort()}/luodi`;
    const error = await runMigrations(closedUrl).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toContain("Check that the database server is running");
    expect((error as MigrationError).message).not.toContain("secret");
  });
});

describe("startTestDatabase", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  test("returns a migrated database and removes it on stop", async () => {
    const database = await startTestDatabase();
    try {
      await expect(database.db.workspace.count()).resolves.toBe(0);
      await expect(runMigrations(database.url)).resolves.toEqual({ applied: [] });
    } finally {
      await database.stop();
    }
    await expect(query(database.url, "SELECT 1")).rejects.toThrow();
  });

  test("failed migration keeps earlier data", async () => {
    const database = await startTestDatabase();
    try {
      await checkFailedMigration(database.url);
    } finally {
      await database.stop();
    }
  });
});

const skipPostgres = postgresSkipReason();

describe.skipIf(skipPostgres !== undefined)(`runMigrations on PostgreSQL 15${skipPostgres ? ` (skipped: ${skipPostgres})` : ""}`, { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let server: { url: string; stop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    server = await startPostgresServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("creates the database and applies every migration", async () => {
    const result = await runMigrations(server!.url);
    expect(result.applied).toEqual(await migrationNames());
    const counts = await countEveryModel(server!.url);
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });

  test("applies nothing on a second run", async () => {
    await expect(runMigrations(server!.url)).resolves.toEqual({ applied: [] });
  });

  test("shows no drift after deploy", async () => {
    await checkNoDrift(server!.url);
  });

  test("migrate dev keeps the main database", async () => {
    await checkMigrateDevKeepsData(server!.url);
  });

  // Runs last: it leaves an extra migration in this database.
  test("failed migration keeps earlier data", async () => {
    await checkFailedMigration(server!.url);
  });
});
