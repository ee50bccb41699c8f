import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

export const repoRoot = resolve(__dirname, "../..");

/** A launcher (scripts/start.ts) running as a real child process, with its output collected. */
export type LauncherProcess = {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in the combined output; rejects on timeout or exit. */
  waitForOutput: (pattern: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>;
  /** Resolves with the exit code; rejects on timeout. */
  waitForExit: (timeoutMs: number) => Promise<number | null>;
};

/**
 * Variables that a developer's .env could set and that would change what the launcher does. Empty
 * strings count as unset for Luodi, and dotenv does not replace a variable that is already present.
 */
const neutralised = ["DATABASE_URL", "AUTH_SECRET", "LUODI_ENCRYPTION_KEY", "LUODI_ADMIN_PASSWORD", "LUODI_PUBLIC_URL"];

export function launcherEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    ...Object.fromEntries(neutralised.map((name) => [name, ""])),
    HOST: "127.0.0.1",
    ...overrides,
  };
}

export function startLauncher(args: string[], env: NodeJS.ProcessEnv): LauncherProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", ...args], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      for (const listener of listeners) listener();
      resolveExit(exitCode);
    });
  });

  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolveMatch, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) return finish(() => resolveMatch(match));
        if (exitCode !== undefined) return finish(() => reject(new Error(`launcher exited (${exitCode}) before printing ${pattern}:\n${output}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const waitForExit = (timeoutMs: number) =>
    Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`launcher did not exit within ${timeoutMs} ms:\n${output}`)), timeoutMs).unref()),
    ]);

  return { child, output: () => output, waitForOutput, waitForExit };
}

/** Returns `count` distinct ports that were free on 127.0.0.1 a moment ago. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ReturnType<typeof createServer>>((resolveServer, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen({ host: "127.0.0.1", port: 0 }, () => resolveServer(server));
      }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolveClose) => server.close(resolveClose))));
  return ports;
}

/** Reports whether a process or any member of a process group with this id still exists. */
export function processExists(pid: number): boolean {
  for (const target of [pid, -pid]) {
    try {
      process.kill(target, 0);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EPERM") return true;
    }
  }
  return false;
}
