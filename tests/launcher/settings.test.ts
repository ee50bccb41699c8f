import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "@/lib/launcher/lock";
import { assertPortsAvailable, PortUnavailableError } from "@/lib/launcher/ports";
import { freePorts, launcherEnv, startLauncher } from "./launcher-process";

let tempDir: string;
let occupied: Server | null = null;

beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), "luodi-settings-"));
});

afterEach(async () => {
  if (occupied) await new Promise((resolveClose) => occupied!.close(resolveClose));
  occupied = null;
  rmSync(tempDir, { recursive: true, force: true });
});

async function occupyPort(): Promise<number> {
  const [port] = await freePorts(1);
  occupied = createServer();
  await new Promise<void>((resolveListen) => occupied!.listen({ host: "127.0.0.1", port }, resolveListen));
  return port!;
}

describe("port check", () => {
  it("names the variable of a port in use", async () => {
    const port = await occupyPort();

    const check = assertPortsAvailable([{ variable: "GATEWAY_PORT", host: "127.0.0.1", port }]);

    await expect(check).rejects.toBeInstanceOf(PortUnavailableError);
    await expect(check).rejects.toThrow(
      `Port ${port} (GATEWAY_PORT) on 127.0.0.1 is already in use; stop the program using it or set GATEWAY_PORT to a free port`,
    );
  });

  it("accepts free ports", async () => {
    const [web, gateway] = await freePorts(2);

    await expect(
      assertPortsAvailable([
        { variable: "PORT", host: "127.0.0.1", port: web! },
        { variable: "GATEWAY_PORT", host: "127.0.0.1", port: gateway! },
      ]),
    ).resolves.toBeUndefined();
  });

  it("rejects two variables with one port", async () => {
    const [port] = await freePorts(1);

    await expect(
      assertPortsAvailable([
        { variable: "PORT", host: "127.0.0.1", port: port! },
        { variable: "GATEWAY_PORT", host: "127.0.0.1", port: port! },
      ]),
    ).rejects.toThrow(`PORT and GATEWAY_PORT are both set to port ${port}; give each its own port`);
  });
});

describe("launcher settings errors", () => {
  it("lists invalid variables, creates nothing", async () => {
    const dataDir = join(tempDir, "data");
    const launcher = startLauncher(
      ["--no-web"],
      launcherEnv({ LUODI_DATA_DIR: dataDir, PORT: "web", GATEWAY_PORT: "70000", LUODI_ADMIN_EMAIL: "not-an-email" }),
    );

    const code = await launcher.waitForExit(60_000);

    expect(code).toBe(1);
    const errorLines = launcher.output().split("\n").filter((line) => line.startsWith("luodi | error:   "));
    expect(errorLines).toHaveLength(3);
    expect(errorLines.filter((line) => line.includes("PORT: "))).toHaveLength(2);
    expect(errorLines.some((line) => line.includes("GATEWAY_PORT: must be between 1 and 65535"))).toBe(true);
    expect(errorLines.some((line) => line.includes('LUODI_ADMIN_EMAIL: must be an email address (got "not-an-email")'))).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("names the variable of a busy port", async () => {
    const dataDir = join(tempDir, "data");
    const busyPort = await occupyPort();
    const [gatewayPort, databasePort] = await freePorts(2);
    const launcher = startLauncher(
      [],
      launcherEnv({ LUODI_DATA_DIR: dataDir, PORT: String(busyPort), GATEWAY_PORT: String(gatewayPort), EMBEDDED_DB_PORT: String(databasePort) }),
    );

    const code = await launcher.waitForExit(60_000);

    expect(code).toBe(1);
    expect(launcher.output()).toContain(`Port ${busyPort} (PORT) on 127.0.0.1 is already in use`);
    expect(existsSync(join(dataDir, "pgdata"))).toBe(false);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it("exits 2 on an unknown option", async () => {
    const launcher = startLauncher(["--turbo"], launcherEnv({ LUODI_DATA_DIR: join(tempDir, "data") }));

    const code = await launcher.waitForExit(60_000);

    expect(code).toBe(2);
    expect(launcher.output()).toContain('Unknown option "--turbo"');
    expect(launcher.output()).toContain("Usage: ./luodi start");
  });
});
