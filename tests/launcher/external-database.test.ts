import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { postgresSkipReason, startPostgresServer } from "../helpers/postgres";
import { freePorts, launcherEnv, startLauncher, type LauncherProcess } from "./launcher-process";

// The same launcher pointed at a real PostgreSQL server through DATABASE_URL: no embedded database,
// migrations at start, the same services. The web console is left out because it needs a build.

const STARTUP_MS = 180_000;
const ADMIN_EMAIL = "external-admin@example.com";
const skipReason = postgresSkipReason();

describe.skipIf(skipReason !== undefined)(`launcher on external PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let server: Awaited<ReturnType<typeof startPostgresServer>>;
  let dataDir: string;
  let launcher: LauncherProcess | undefined;
  let gatewayPort: number;

  beforeAll(async () => {
    server = await startPostgresServer();
    dataDir = mkdtempSync(join(tmpdir(), "luodi-external-"));
    const [web, gateway, database] = await freePorts(3);
    gatewayPort = gateway!;
    launcher = startLauncher(
      ["--no-build", "--no-web"],
      launcherEnv({
        DATABASE_URL: server.url,
        LUODI_DATA_DIR: dataDir,
        PORT: String(web),
        GATEWAY_PORT: String(gateway),
        EMBEDDED_DB_PORT: String(database),
        LUODI_ADMIN_EMAIL: ADMIN_EMAIL,
      }),
    );
  }, 120_000);

  afterAll(async () => {
    if (launcher && launcher.child.exitCode === null) {
      launcher.child.kill("SIGTERM");
      await launcher.waitForExit(40_000).catch(() => launcher?.child.kill("SIGKILL"));
    }
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrates and starts the services", { timeout: STARTUP_MS + 10_000 }, async () => {
    await launcher!.waitForOutput(/Press Ctrl-C to stop\./, STARTUP_MS);

    expect((await fetch(`http://127.0.0.1:${gatewayPort}/health`)).status).toBe(200);
    expect(existsSync(join(dataDir, "pgdata"))).toBe(false);
  });

  it("bootstraps the admin in that database", async () => {
    const database = createDb(server.url, { max: 1 });
    try {
      const admin = await database.user.findUnique({ where: { email: ADMIN_EMAIL }, select: { memberships: { select: { role: true } } } });
      expect(admin?.memberships).toEqual([{ role: "admin" }]);
    } finally {
      await database.$disconnect();
    }
  });

  it("stops cleanly on SIGINT", { timeout: 45_000 }, async () => {
    launcher!.child.kill("SIGINT");
    expect(await launcher!.waitForExit(40_000)).toBe(0);
  });
});
