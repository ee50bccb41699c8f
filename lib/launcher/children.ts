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

/** How often a crashed child is started again before the launcher gives up and stops everything. */
export type RestartPolicy = { maxRestarts: number; windowMs: number; firstDelayMs: number; maxDelayMs: number };

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 10 * 60_000, firstDelayMs: 1_000, maxDelayMs: 30_000 };

/** Notice sent when a child that ended is about to start again, so the launcher can log it. */
export type RestartNotice = { exit: ChildExit; restartsInWindow: number; delayMs: number };

type Slot = { spec: ChildSpec; current: RunningChild; restarts: number[] };

/**
 * The launcher's long-running children. Until allowRestarts() is called, the first child that ends
 * resolves `unexpectedExit`, because a process that cannot start is a configuration problem, not a crash.
 * After that, a child that ends is started again after a growing delay, so a killed worker comes back and
 * resumes its jobs. Only a child that ends more than `maxRestarts` times within `windowMs` resolves
 * `unexpectedExit`. `stop` ends them all.
 */
export class ChildGroup {
  private readonly slots: Slot[] = [];
  private stopping = false;
  private allowed = false;
  /** Set once every process group is gone, so their ids, which the system may reuse, are not signalled again. */
  private stopped = false;
  private reportExit: (exit: ChildExit) => void = () => {};
  readonly unexpectedExit: Promise<ChildExit> = new Promise((resolve) => {
    this.reportExit = resolve;
  });

  private readonly policy: RestartPolicy;

  constructor(
    private readonly output: OutputStreams,
    private readonly events: { policy?: RestartPolicy; onRestart?: (notice: RestartNotice) => void; onRestarted?: (child: RunningChild) => void } = {},
  ) {
    this.policy = events.policy ?? DEFAULT_RESTART_POLICY;
    // Last resort when the launcher exits without stopping the group (an uncaught error): children in
    // their own process groups would otherwise keep running and hold the ports.
    // NOTE: a launcher killed with SIGKILL runs no code, so its children stay until stopped by hand.
    process.once("exit", () => {
      if (this.stopped) return;
      for (const pid of this.pids) signalProcessGroup(pid, "SIGKILL");
    });
  }

  start(spec: ChildSpec): RunningChild {
    const slot: Slot = { spec, current: spawnPrefixed(spec, this.output), restarts: [] };
    this.slots.push(slot);
    this.watch(slot);
    return slot.current;
  }

  /** From now on a child that ends is started again instead of stopping the group. */
  allowRestarts(): void {
    this.allowed = true;
  }

  get restartsAllowed(): boolean {
    return this.allowed;
  }

  private watch(slot: Slot): void {
    const child = slot.current;
    void child.exit.then(async (exit) => {
      if (this.stopping) return;

      const now = Date.now();
      slot.restarts = slot.restarts.filter((at) => now - at < this.policy.windowMs);
      if (!this.allowed || slot.restarts.length >= this.policy.maxRestarts) {
        this.reportExit(exit);
        return;
      }

      // A child group that died can leave members behind (a trainer whose parent was killed exits by
      // itself, but anything else must not keep the ports), so the old group is killed first.
      if (child.pid) signalProcessGroup(child.pid, "SIGKILL");
      const delayMs = Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** slot.restarts.length);
      slot.restarts.push(now);
      this.events.onRestart?.({ exit, restartsInWindow: slot.restarts.length, delayMs });
      await sleep(delayMs);
      if (this.stopping) return;

      slot.current = spawnPrefixed(slot.spec, this.output);
      this.events.onRestarted?.(slot.current);
      this.watch(slot);
    });
  }

  get names(): string[] {
    return this.slots.map((slot) => slot.spec.name);
  }

  get pids(): number[] {
    return this.slots.flatMap((slot) => (slot.current.pid ? [slot.current.pid] : []));
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

    const killed = this.slots.filter((slot) => slot.current.pid && isGroupAlive(slot.current.pid)).map((slot) => slot.spec.name);
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
