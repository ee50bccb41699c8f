import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { defaultThreads, runtimeEnvironment } from "@/lib/runtime/python";
import { parseTrainerLine, type TrainerEvent } from "./trainer-events";

/** Lines of the trainer's stderr kept for error messages. */
const STDERR_TAIL_LINES = 30;

export type TrainerSettings = { python: string; trainerDir: string; threads: number };

/**
 * Finds the trainer's interpreter (LUODI_PYTHON_ENV, prepared by ./luodi through scripts/python-env.sh)
 * and the trainer package, which the launcher's working folder (the repository root) contains.
 */
export function readTrainerSettings(source: { pythonEnv?: string; cwd?: string } = {}): TrainerSettings {
  const pythonEnv = source.pythonEnv ?? env().LUODI_PYTHON_ENV;
  if (!pythonEnv) {
    throw new AppError("INTERNAL", "LUODI_PYTHON_ENV is not set, so the trainer cannot run; start Luodi with ./luodi, which prepares the Python environment", {
      reason: "finetune.python_env_missing",
    });
  }
  const python = path.join(pythonEnv, "bin", "python");
  if (!existsSync(python)) {
    throw new AppError("INTERNAL", `The Python environment ${pythonEnv} has no bin/python; run ./luodi again to rebuild it`, { reason: "finetune.python_env_missing" });
  }
  const trainerDir = path.resolve(source.cwd ?? process.cwd(), "trainer");
  if (!existsSync(path.join(trainerDir, "luodi_trainer", "__main__.py"))) {
    throw new AppError("INTERNAL", `The trainer package was not found in ${trainerDir}; start Luodi from the repository root`, { reason: "finetune.trainer_missing" });
  }
  return { python, trainerDir, threads: defaultThreads() };
}

/*
 * Runs `python -m luodi_trainer` after asking Linux to SIGKILL the trainer when its parent dies
 * (prctl PR_SET_PDEATHSIG = 1). Without it, a worker killed with SIGKILL would leave its trainer running,
 * and the retried job would start a second trainer writing into the same output folder. Checkpoints are
 * published by rename, so a trainer killed mid-save leaves no half-written checkpoint behind.
 * NOTE: the death signal is Linux-only; elsewhere the call fails quietly and an orphan keeps running.
 */
const LAUNCH_WITH_PARENT_DEATH_SIGNAL = [
  "import ctypes, runpy, signal, sys",
  "try:\n    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)\nexcept (AttributeError, OSError):\n    pass",
  "sys.argv = ['luodi_trainer', *sys.argv[1:]]",
  "runpy.run_module('luodi_trainer', run_name='__main__', alter_sys=True)",
].join("\n");

export type TrainerRun = {
  pid: number;
  /** Resolves once the process exited and every stdout line was handled. */
  finished: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
  /** Asks the trainer to stop: it finishes the current step, saves a checkpoint and reports `cancelled`. */
  terminate: () => void;
  kill: () => void;
  stderrTail: () => string[];
};

/**
 * Starts one trainer command and calls `onEvent` for each event line, in order. `onEvent` may be async;
 * lines are handled one at a time, so events are never reordered.
 */
export function startTrainer(settings: TrainerSettings, args: string[], onEvent: (event: TrainerEvent) => Promise<void> | void): TrainerRun {
  const child = spawn(settings.python, ["-c", LAUNCH_WITH_PARENT_DEATH_SIGNAL, ...args], {
    cwd: settings.trainerDir,
    // Next.js types ProcessEnv with a required NODE_ENV, which the Python process has no use for.
    env: runtimeEnvironment({ python: settings.python, trainerDir: settings.trainerDir, threads: settings.threads, device: "auto" }) as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });

  const stderrLines: string[] = [];
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on("line", (line) => {
    stderrLines.push(line.slice(0, 2000));
    if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
  });

  // Each line waits for the previous one's handler, so a slow database write never reorders events.
  let handling: Promise<void> = Promise.resolve();
  let handlerError: unknown = null;
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on("line", (line) => {
    const event = parseTrainerLine(line);
    if (!event) return;
    handling = handling.then(async () => {
      if (handlerError !== null) return;
      try {
        await onEvent(event);
      } catch (error) {
        handlerError = error;
      }
    });
  });
  const stdoutClosed = new Promise<void>((resolve) => lines.once("close", resolve));

  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
  });

  const finished = (async () => {
    const result = await exited;
    await stdoutClosed;
    await handling;
    if (handlerError !== null) throw handlerError;
    return result;
  })();

  return {
    pid: child.pid ?? -1,
    finished,
    terminate: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    stderrTail: () => [...stderrLines],
  };
}

/** Result of a short trainer command (inspect, plan): its events and how it ended. */
export type TrainerCommandResult = { events: TrainerEvent[]; exitCode: number | null; stderrTail: string[] };

/** Runs inspect or plan to the end, killing it after `timeoutMs`. */
export async function runTrainerCommand(settings: TrainerSettings, args: string[], timeoutMs: number): Promise<TrainerCommandResult> {
  const events: TrainerEvent[] = [];
  const run = startTrainer(settings, args, (event) => {
    events.push(event);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    run.kill();
  }, timeoutMs);
  try {
    const { exitCode } = await run.finished;
    if (timedOut) {
      throw new AppError("INTERNAL", `The trainer's ${args[0]} command did not finish within ${Math.round(timeoutMs / 1000)} s`, {
        reason: "finetune.trainer_timeout",
        params: { seconds: Math.round(timeoutMs / 1000) },
      });
    }
    return { events, exitCode, stderrTail: run.stderrTail() };
  } finally {
    clearTimeout(timer);
  }
}
