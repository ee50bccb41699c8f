import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { LOCK_FILE_NAME } from "@/lib/launcher/lock";
import { probePort } from "@/lib/launcher/ports";
import { SECRETS_FILE_NAME } from "@/lib/launcher/secrets";
import { waitFor } from "../helpers/wait-for";
import { freePorts, launcherEnv, processExists, repoRoot, startLauncher, type LauncherProcess } from "./launcher-process";

// The web console needs a production build, which takes minutes, so each launch starts it only when a
// build exists at that moment.
// NOTE: a `next build` running in the same checkout at the same time empties .next and fails the launch.
const hasWebBuild = () => existsSync(join(repoRoot, ".next", "BUILD_ID"));

const STARTUP_MS = 180_000;
const STOP_MS = 30_000;
const ADMIN_EMAIL = "e2e-admin@example.com";

let dataDir: string;
let env: NodeJS.ProcessEnv;
let ports: { web: number; gateway: number; database: number };
const launchers: LauncherProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "luodi-launcher-e2e-"));
  const [web, gateway, database] = await freePorts(3);
  ports = { web: web!, gateway: gateway!, database: database! };
  env = launcherEnv({
    LUODI_DATA_DIR: dataDir,
    PORT: String(ports.web),
    GATEWAY_PORT: String(ports.gateway),
    EMBEDDED_DB_PORT: String(ports.database),
    LUODI_ADMIN_EMAIL: ADMIN_EMAIL,
  });
});

afterAll(() => {
  for (const launcher of launchers) launcher.child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

function launch(): LauncherProcess & { web: boolean } {
  const web = hasWebBuild();
  const launcher = startLauncher(web ? ["--no-build"] : ["--no-build", "--no-web"], env);
  launchers.push(launcher);
  return { ...launcher, web };
}

function childPids(output: string): Map<string, number> {
  return new Map([...output.matchAll(/Started (\w+) \(pid (\d+)\)/g)].map((match) => [match[1]!, Number(match[2])]));
}

describe("launcher end to end", () => {
  let first: LauncherProcess & { web: boolean };
  let password: string;

  it("starts services and prints the password", { timeout: STARTUP_MS + 10_000 }, async () => {
    first = launch();

    await first.waitForOutput(/Press Ctrl-C to stop\./, STARTUP_MS);

    const output = first.output();
    password = output.match(/ {2}Password: {2}(\S+)/)?.[1] ?? "";
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(output).toContain(`Email:     ${ADMIN_EMAIL}`);
    expect(output).toContain(`Sign in:  ${ADMIN_EMAIL} with the password printed above`);
    expect(output).toContain(`Gateway:  http://127.0.0.1:${ports.gateway}/v1`);
    if (first.web) expect(output).toContain(`Console:  http://127.0.0.1:${ports.web}`);
    expect([...childPids(output).keys()].sort()).toEqual(first.web ? ["gateway", "web", "worker"] : ["gateway", "worker"]);

    const gatewayHealth = await fetch(`http://127.0.0.1:${ports.gateway}/health`);
    expect(gatewayHealth.status).toBe(200);
    if (first.web) expect((await fetch(`http://127.0.0.1:${ports.web}/api/health`)).status).toBe(200);
  });

  it("stores admin and private secrets", async () => {
    expect(statSync(join(dataDir, SECRETS_FILE_NAME)).mode & 0o777).toBe(0o600);

    const database = createDb(`postgresql://postgres:postgres@127.0.0.1:${ports.database}/postgres?sslmode=disable`, { max: 1 });
    try {
      const admin = await database.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL }, select: { mustChangePassword: true, memberships: { select: { role: true } } } });
      expect(admin.mustChangePassword).toBe(true);
      expect(admin.memberships).toEqual([{ role: "admin" }]);
      expect(await database.auditEvent.count({ where: { action: "system.bootstrap", actorType: "system" } })).toBe(1);
      const services = await waitFor("every child's heartbeat row", async () => {
        const rows = await database.serviceInstance.findMany({ select: { service: true } });
        const names = [...new Set(rows.map((row) => row.service))].sort();
        return names.length === (first.web ? 3 : 2) ? names : null;
      });
      expect(services).toEqual(first.web ? ["gateway", "web", "worker"] : ["gateway", "worker"]);
    } finally {
      await database.$disconnect();
    }
  });

  it("rejects a second launcher", { timeout: 60_000 }, async () => {
    const second = launch();

    const code = await second.waitForExit(50_000);

    expect(code).toBe(1);
    expect(second.output()).toContain(
      `Another Luodi launcher (pid ${first.child.pid}) is using data folder ${dataDir}; stop it first or set LUODI_DATA_DIR to another folder`,
    );
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/health`)).status).toBe(200);
  });

  it("starts a killed worker again and keeps the others running", { timeout: 90_000 }, async () => {
    const before = childPids(first.output());
    const workerPid = before.get("worker")!;

    process.kill(workerPid, "SIGKILL");
    await first.waitForOutput(/worker was killed by SIGKILL; starting it again in 1 s \(restart 1 of 5/, 30_000);
    const restartedPid = await waitFor("a new worker pid", async () => {
      const pid = childPids(first.output()).get("worker");
      return pid !== undefined && pid !== workerPid ? pid : null;
    });

    expect(processExists(restartedPid)).toBe(true);
    expect(processExists(before.get("gateway")!)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/health`)).status).toBe(200);
    expect(first.child.exitCode).toBeNull();
  });

  it("stops everything on SIGINT", { timeout: STOP_MS + 5_000 }, async () => {
    const pids = childPids(first.output());

    first.child.kill("SIGINT");
    const code = await first.waitForExit(STOP_MS);

    expect(code).toBe(0);
    for (const [name, pid] of pids) expect(processExists(pid), `${name} (pid ${pid}) still running`).toBe(false);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(await probePort({ variable: "GATEWAY_PORT", host: "127.0.0.1", port: ports.gateway })).toBeNull();
    expect(await probePort({ variable: "EMBEDDED_DB_PORT", host: "127.0.0.1", port: ports.database })).toBeNull();
  });

  it("keeps the admin after restart", { timeout: STARTUP_MS + STOP_MS }, async () => {
    const restarted = launch();

    await restarted.waitForOutput(/Press Ctrl-C to stop\./, STARTUP_MS);

    const output = restarted.output();
    expect(output).not.toContain("Password:");
    expect(output).not.toContain(password);
    expect(output).toContain(`Sign in:  ${ADMIN_EMAIL} with your existing password`);
    expect(output).toContain("Database schema is up to date");

    restarted.child.kill("SIGTERM");
    expect(await restarted.waitForExit(STOP_MS)).toBe(0);
  });
});
