import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { e2eSettings } from "../playwright.config";

/**
 * Starts the real launcher (embedded database, migrations, web, gateway, worker) on a fresh data folder
 * and returns the teardown that stops it with SIGINT, as a user's Ctrl-C would.
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "luodi-e2e-"));
  // tsx relays SIGINT to the launcher, unlike npx.
  const launcher = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/start.ts", "--no-build"], {
    env: {
      ...process.env,
      LUODI_DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(e2eSettings.port),
      GATEWAY_PORT: String(e2eSettings.gatewayPort),
      EMBEDDED_DB_PORT: String(e2eSettings.databasePort),
      LUODI_ADMIN_EMAIL: e2eSettings.adminEmail,
      LUODI_ADMIN_PASSWORD: e2eSettings.adminPassword,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  launcher.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  await waitForReady(launcher, () => output);

  return async () => {
    await stop(launcher);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function waitForReady(launcher: ChildProcess, output: () => string) {
  const deadline = Date.now() + 180_000;
  const url = `http://127.0.0.1:${e2eSettings.port}/api/health`;
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null) throw new Error(`The launcher exited with code ${launcher.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      const health = (await response.json()) as { status?: string; worker?: string };
      if (response.ok && health.worker === "ok") return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  launcher.kill("SIGINT");
  throw new Error(`Luodi did not become healthy within 180 s:\n${output()}`);
}

function stop(launcher: ChildProcess): Promise<void> {
  if (launcher.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => launcher.kill("SIGKILL"), 20_000);
    launcher.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    launcher.kill("SIGINT");
  });
}
