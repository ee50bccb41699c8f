import os from "node:os";
import type { Db } from "@/lib/db/client";
import { logger, type Logger } from "@/lib/log";
import { ownedState } from "./owned";
import type { RuntimeProcess } from "./process";

/** How often the reaper looks for idle runtimes. */
export const REAPER_INTERVAL_MS = 30_000;
const BUSY_TIMEOUT_MS = 3_000;

export type RuntimeReaper = { stop: () => void };

let defaultReaper: RuntimeReaper | undefined;

/**
 * Starts a timer that stops the runtimes this process started once they have been idle for `idleMs`
 * (LastUsedAt older than that, and no generation running), or once their LocalRuntime row points to
 * another runtime. The timer does not keep the process alive.
 */
export function startRuntimeReaper(db: Db, log: Logger, options: { idleMs: number; intervalMs?: number }): RuntimeReaper {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reapIdleRuntimes(db, log, options.idleMs)
      .catch((error: Error) => log.error({ error: error.message }, "runtime.reap_failed"))
      .finally(() => (running = false));
  }, options.intervalMs ?? REAPER_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Starts this process's reaper on the first runtime start, so callers need no wiring for idle stops. */
export function ensureDefaultReaper(db: Db, idleMs: number): void {
  defaultReaper ??= startRuntimeReaper(db, logger.child({ service: "runtime" }), { idleMs });
}

/** Stops idle and superseded owned runtimes once; returns the model ids whose runtimes were stopped. */
export async function reapIdleRuntimes(db: Db, log: Logger, idleMs: number): Promise<string[]> {
  const { processes } = ownedState();
  const stopped: string[] = [];

  for (const [modelId, runtime] of [...processes]) {
    if (runtime.hasExited()) {
      processes.delete(modelId);
      continue;
    }

    const row = await db.localRuntime.findUnique({ where: { modelId } });
    const current = row !== null && row.pid === runtime.pid && row.hostname === os.hostname() && row.status === "ready";
    if (!current) {
      log.info({ modelId, pid: runtime.pid }, "runtime.superseded_stop");
      await stopOwned(modelId, runtime);
      stopped.push(modelId);
      continue;
    }

    if (Date.now() - row.lastUsedAt.getTime() < idleMs) continue;
    if (await isGenerating(runtime.port)) continue;

    // Compare-and-set on lastUsedAt: a request that arrived since the read keeps the runtime.
    const marked = await db.localRuntime.updateMany({
      where: { id: row.id, pid: runtime.pid, status: "ready", lastUsedAt: row.lastUsedAt },
      data: { status: "stopped", message: `stopped after ${Math.round(idleMs / 1000)} s without requests` },
    });
    if (marked.count !== 1) continue;

    log.info({ modelId, pid: runtime.pid, idleSeconds: Math.round((Date.now() - row.lastUsedAt.getTime()) / 1000) }, "runtime.idle_stop");
    await stopOwned(modelId, runtime);
    stopped.push(modelId);
  }
  return stopped;
}

/**
 * Stops every runtime this process started and marks their rows stopped. Call it from a graceful
 * shutdown; an abrupt exit still sends SIGTERM through the exit hook, without the row update.
 */
export async function stopOwnedRuntimes(db: Db | null): Promise<void> {
  const { processes } = ownedState();
  const runtimes = [...processes];
  await Promise.all(
    runtimes.map(async ([modelId, runtime]) => {
      if (db) {
        await db.localRuntime
          .updateMany({ where: { modelId, pid: runtime.pid, status: "ready" }, data: { status: "stopped", message: "stopped because Luodi shut down" } })
          .catch(() => undefined);
      }
      await stopOwned(modelId, runtime);
    }),
  );
}

async function stopOwned(modelId: string, runtime: RuntimeProcess): Promise<void> {
  const { processes } = ownedState();
  if (processes.get(modelId) === runtime) processes.delete(modelId);
  await runtime.stop();
}

/** Returns true while the runtime is generating, so a long completion is not cut off as idle. */
async function isGenerating(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(BUSY_TIMEOUT_MS) });
    const body = (await response.json()) as { busy?: unknown };
    return body.busy === true;
  } catch {
    return false;
  }
}
