import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "./database";

// Debian's PostgreSQL 15 server, started by tests in a temporary folder on a loopback port.

const execFileAsync = promisify(execFile);
const postgresBin = "/usr/lib/postgresql/15/bin";

export function postgresSkipReason(): string | undefined {
  if (!existsSync(path.join(postgresBin, "postgres"))) return `${postgresBin}/postgres is missing (apt-get install -y postgresql)`;
  return undefined;
}

/** Runs a PostgreSQL program as the `postgres` user when this process is root, because the server refuses root. */
async function runPostgresProgram(program: string, args: string[]): Promise<void> {
  const command = path.join(postgresBin, program);
  if (process.getuid?.() === 0) await execFileAsync("runuser", ["-u", "postgres", "--", command, ...args]);
  else await execFileAsync(command, args);
}

export async function startPostgresServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const workDir = await mkdtemp(path.join(tmpdir(), "luodi-pg15-"));
  if (process.getuid?.() === 0) await execFileAsync("chown", ["postgres", workDir]);
  const dataDir = path.join(workDir, "data");
  const port = await findFreePort();

  await runPostgresProgram("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  const serverOptions = `-h 127.0.0.1 -p ${port} -k ${workDir} -c fsync=off`;
  await runPostgresProgram("pg_ctl", ["-D", dataDir, "-o", serverOptions, "-l", path.join(workDir, "server.log"), "-w", "start"]);

  return {
    // A database that does not exist yet: migrate deploy creates it, like on a new production server.
    url: `postgresql://postgres@127.0.0.1:${port}/luodi`,
    stop: async () => {
      await runPostgresProgram("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
