import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait-for";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

export type TsxProcess = {
  child: ChildProcess;
  pid: number;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code, or null when a signal ended the process. */
  exited: Promise<number | null>;
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** Sends the signal and waits for the exit code; kills the process after timeoutMs. */
  stop: (signal?: NodeJS.Signals, timeoutMs?: number) => Promise<number | null>;
};

/**
 * Starts a TypeScript entry the way the launcher does (`node --import tsx entry`), in the repository
 * root, with the test's environment on top of this process's.
 */
export function startTsxProcess(entry: string, env: Record<string, string>): TsxProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: repositoryRoot,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);

  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  return {
    child,
    pid: child.pid,
    output: () => output,
    exited,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      await waitFor(`${entry} to print ${pattern}`, () => {
        if (exitCode !== undefined && !pattern.test(output)) throw new Error(`${entry} exited with ${exitCode}:\n${output}`);
        return pattern.test(output);
      }, { timeoutMs });
    },
    stop: async (signal = "SIGTERM", timeoutMs = 30_000) => {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
