import type { RuntimeProcess } from "./process";

type OwnedState = {
  /** Runtime processes this Node process started, by provider model id. */
  processes: Map<string, RuntimeProcess>;
  /** Starts in progress in this process, by provider model id, so concurrent callers share one. */
  pending: Map<string, Promise<number>>;
  exitHookInstalled: boolean;
};

const globalForRuntime = globalThis as unknown as { luodiRuntimes?: OwnedState };

/** Process-wide state; kept on globalThis so Next.js hot reloads in development do not lose track of children. */
export function ownedState(): OwnedState {
  globalForRuntime.luodiRuntimes ??= { processes: new Map(), pending: new Map(), exitHookInstalled: false };
  return globalForRuntime.luodiRuntimes;
}

/**
 * Sends SIGTERM to every owned runtime when this process exits, however it exits. The runtime's parent
 * watch (--parent-pid) covers the case this cannot: a parent killed with SIGKILL.
 */
export function installExitHook(): void {
  const state = ownedState();
  if (state.exitHookInstalled) return;
  state.exitHookInstalled = true;
  process.once("exit", () => {
    for (const runtime of state.processes.values()) {
      if (!runtime.hasExited()) {
        try {
          process.kill(runtime.pid, "SIGTERM");
        } catch {
          // Already gone.
        }
      }
    }
  });
}
