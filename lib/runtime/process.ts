import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { runtimeEnvironment, type RuntimeLaunchSettings } from "./python";

/** Lines of the runtime's stderr kept for error messages. */
const STDERR_TAIL_LINES = 20;
/** Time given to a runtime to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

export type RuntimeModelFolders = { name: string; localPath: string; adapterPath: string | null };

/** A runtime process this Node process started and still holds. */
export type RuntimeProcess = {
  pid: number;
  port: number;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  hasExited: () => boolean;
  /** True once `stop` was called, so an exit that follows is expected rather than a crash. */
  stopRequested: () => boolean;
  stderrTail: () => string[];
  /** Sends SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop: () => Promise<void>;
};

export class RuntimeStartError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string[],
  ) {
    super(message);
    this.name = "RuntimeStartError";
  }
}

type RuntimeEvent = { event: "ready"; port: number } | { event: "error"; message: string };

function parseEvent(line: string): RuntimeEvent | null {
  try {
    const value = JSON.parse(line) as { event?: unknown; port?: unknown; message?: unknown };
    if (value.event === "ready" && typeof value.port === "number") return { event: "ready", port: value.port };
    if (value.event === "error" && typeof value.message === "string") return { event: "error", message: value.message };
  } catch {
    // Not an event line; the runtime writes only events to stdout, so this is a library's stray print.
  }
  return null;
}

export function buildRuntimeArguments(model: RuntimeModelFolders, settings: RuntimeLaunchSettings): string[] {
  const args = ["-m", "luodi_runtime", "--model", model.localPath, "--served-name", model.name, "--port", "0"];
  if (model.adapterPath) args.push("--adapter", model.adapterPath);
  args.push("--threads", String(settings.threads), "--device", settings.device, "--parent-pid", String(process.pid));
  return args;
}

/**
 * Starts `python -m luodi_runtime` for one model and resolves once it prints its ready line. Rejects
 * with RuntimeStartError carrying the runtime's own error event or its last stderr lines when it exits,
 * prints an error event or stays silent for `timeoutMs`.
 */
export function spawnRuntimeProcess(model: RuntimeModelFolders, settings: RuntimeLaunchSettings, timeoutMs: number): Promise<RuntimeProcess> {
  const child = spawn(settings.python, buildRuntimeArguments(model, settings), {
    cwd: settings.trainerDir,
    // Next.js types ProcessEnv with a required NODE_ENV, which the Python process has no use for.
    env: runtimeEnvironment(settings) as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });

  const stderrLines: string[] = [];
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on("line", (line) => {
    stderrLines.push(line.slice(0, 2000));
    if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
  });

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      exitCode = code;
      resolve(code);
    });
    child.once("error", () => {
      exitCode = null;
      resolve(null);
    });
  });

  return new Promise<RuntimeProcess>((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (exitCode === undefined) child.kill("SIGKILL");
      reject(new RuntimeStartError(message, [...stderrLines]));
    };

    const timer = setTimeout(() => fail(`the runtime printed no ready line within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);

    createInterface({ input: child.stdout, crlfDelay: Infinity }).on("line", (line) => {
      const event = parseEvent(line);
      if (!event || settled) return;
      if (event.event === "error") {
        fail(event.message);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(runningProcess(child, event.port, exited, () => exitCode !== undefined, stderrLines));
    });

    child.once("error", (error) => fail(`could not start ${settings.python}: ${error.message}`));
    void exited.then((code) => {
      // Give the stderr reader a moment to take the last lines the process wrote before exiting.
      setTimeout(() => fail(`the runtime exited with code ${code ?? "null (killed by a signal)"} before it was ready`), 50);
    });
  });
}

function runningProcess(child: ChildProcess, port: number, exited: Promise<number | null>, hasExited: () => boolean, stderrLines: string[]): RuntimeProcess {
  const pid = child.pid;
  if (pid === undefined) throw new RuntimeStartError("the runtime process has no pid", [...stderrLines]);

  let stopRequested = false;
  return {
    pid,
    port,
    exited,
    hasExited,
    stopRequested: () => stopRequested,
    stderrTail: () => [...stderrLines],
    stop: async () => {
      stopRequested = true;
      if (hasExited()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Returns true while a process with this id exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
