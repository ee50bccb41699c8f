import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "@/lib/launcher/lock";
import { probePort } from "@/lib/launcher/ports";
import { freePorts, launcherEnv, repoRoot, startLauncher } from "./launcher-process";

const BROKEN_MIGRATION = "99990101000000_broken";

let tempDir: string;

beforeAll(() => {
  tempDir = mkdtempSync(join(tmpdir(), "luodi-migration-failure-"));
});

afterAll(() => {
  rmSync(tempDir, { recursive: true, force: true });
});

describe("launcher migration failure", () => {
  it("exits 1 with the migration error", { timeout: 120_000 }, async () => {
    const migrationsDir = join(tempDir, "migrations");
    cpSync(join(repoRoot, "prisma", "migrations"), migrationsDir, { recursive: true });
    mkdirSync(join(migrationsDir, BROKEN_MIGRATION));
    writeFileSync(join(migrationsDir, BROKEN_MIGRATION, "migration.sql"), 'ALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;\n');
    const dataDir = join(tempDir, "data");
    const [web, gateway, database] = await freePorts(3);

    const launcher = startLauncher(
      ["--no-web"],
      launcherEnv({
        LUODI_DATA_DIR: dataDir,
        PORT: String(web),
        GATEWAY_PORT: String(gateway),
        EMBEDDED_DB_PORT: String(database),
        LUODI_MIGRATIONS_DIR: migrationsDir,
      }),
    );
    const code = await launcher.waitForExit(110_000);

    const output = launcher.output();
    expect(code).toBe(1);
    expect(output).toContain(`Database migration ${BROKEN_MIGRATION} failed`);
    expect(output).toContain("No such table: NoSuchTable");
    expect(output).not.toContain("Password:");
    expect(output).not.toContain("Started gateway");
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(await probePort({ variable: "EMBEDDED_DB_PORT", host: "127.0.0.1", port: database! })).toBeNull();
  });
});
