import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";

/** A process the launcher runs, named for its output prefix (`web |`, `gateway |`, ...). */
export type ChildSpec = { name: string; command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv };

/** Outcome of a child process. `error` is set when it could not be started at all. */
export type ChildExit = { name: string; code: number | null; signal: NodeJS.Signals | null; error?: Error };

export type RunningChild = { name: string; pid: number | undefined; exit: Promise<ChildExit> };

export type OutputStreams = { stdout: Writable; stderr: Writable };

const POLL_MS = 100;

/**
 * Starts a child in its own process group, so the terminal's Ctrl-C reaches only the launcher (which
 * then stops the children in order) and a signal to the group also reaches the child's own children.
 * Each output line is written with the child's name in front.
 */
export function spawnPrefixed(spec: ChildSpec, output: OutputStreams): RunningChild {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });

  const prefix = `${spec.name} | `;
  for (const [stream, target] of [
    [child.stdout, output.stdout],
    [child.stderr, output.stderr],
  ] as const) {
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => target.write(`${prefix}${line}\n`));
  }

  const exit = new Promise<ChildExit>((resolve) => {
    child.once("error", (error) => resolve({ name: spec.name, code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ name: spec.name, code, signal }));
  });
  return { name: spec.name, pid: child.pid, exit };
}

/** Sends a signal to a child's whole process group; a group that is already gone is ignored. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    // EPERM: the group still exists but a member belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const isGroupAlive = (pid: number) => signalProcessGroup(pid, 0);

/**
 * The launcher's long-running children. `unexpectedExit` resolves with the first child that ends while
 * the group is not stopping; `stop` ends them all.
 */
export class ChildGroup {
  private readonly children: RunningChild[] = [];
  private stopping = false;
  /** Set once every process group is gone, so their ids, which the system may reuse, are not signalled again. */
  private stopped = false;
  private reportExit: (exit: ChildExit) => void = () => {};
  readonly unexpectedExit: Promise<ChildExit> = new Promise((resolve) => {
    this.reportExit = resolve;
  });

  constructor(private readonly output: OutputStreams) {
    // Last resort when the launcher exits without stopping the group (an uncaught error): children in
    // their own process groups would otherwise keep running and hold the ports.
    // NOTE: a launcher killed with SIGKILL runs no code, so its children stay until stopped by hand.
    process.once("exit", () => {
      if (this.stopped) return;
      for (const child of this.children) if (child.pid) signalProcessGroup(child.pid, "SIGKILL");
    });
  }

  start(spec: ChildSpec): RunningChild {
    const child = spawnPrefixed(spec, this.output);
    this.children.push(child);
    void child.exit.then((exit) => {
      if (!this.stopping) this.reportExit(exit);
    });
    return child;
  }

  get names(): string[] {
    return this.children.map((child) => child.name);
  }

  get pids(): number[] {
    return this.children.flatMap((child) => (child.pid ? [child.pid] : []));
  }

  /**
   * Sends SIGTERM to every child's process group, waits until the groups are empty, and sends SIGKILL
   * to what is left after `graceMs`.
   */
  async stop(graceMs = 10_000): Promise<{ killed: string[] }> {
    this.stopping = true;
    for (const pid of this.pids) signalProcessGroup(pid, "SIGTERM");

    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && this.pids.some(isGroupAlive)) await sleep(POLL_MS);

    const killed = this.children.filter((child) => child.pid && isGroupAlive(child.pid)).map((child) => child.name);
    for (const pid of this.pids) signalProcessGroup(pid, "SIGKILL");
    // A killed group empties within milliseconds; wait for it so no process outlives the launcher.
    while (this.pids.some(isGroupAlive)) await sleep(POLL_MS);
    this.stopped = true;
    return { killed };
  }
}

/**
 * Runs a command to completion with prefixed output (used for `next build`). Aborting the signal
 * stops its process group.
 */
export async function runToCompletion(spec: ChildSpec, output: OutputStreams, signal?: AbortSignal): Promise<ChildExit> {
  const child = spawnPrefixed(spec, output);
  const abort = () => {
    if (child.pid) signalProcessGroup(child.pid, "SIGTERM");
  };
  signal?.addEventListener("abort", abort, { once: true });
  try {
    return await child.exit;
  } finally {
    signal?.removeEventListener("abort", abort);
    if (child.pid) signalProcessGroup(child.pid, "SIGKILL");
  }
}

export function describeExit(exit: ChildExit): string {
  if (exit.error) return `could not be started: ${exit.error.message}`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
