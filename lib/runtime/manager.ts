import os from "node:os";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { runtimeBaseUrl, servesModel } from "./health";
import { installExitHook, ownedState } from "./owned";
import { isProcessAlive, RuntimeStartError, spawnRuntimeProcess, type RuntimeProcess } from "./process";
import { readLaunchSettings } from "./python";
import { ensureDefaultReaper } from "./reaper";

/** Maximum wait for a runtime's ready line, because loading a 7B model on CPU from a cold disk takes minutes. */
export const START_TIMEOUT_MS = 5 * 60_000;
/** A "starting" row older than this belongs to a starter that died; another process may take over. */
const START_LEASE_MS = START_TIMEOUT_MS + 30_000;
const WAIT_POLL_MS = 500;
const MAX_ATTEMPTS = 4;
/** Stderr lines quoted in a start failure. */
const QUOTED_STDERR_LINES = 5;

const log = logger.child({ service: "runtime" });

/** A provider model served by the local runtime: `name` is the id clients send as `model`. */
export type LocalModelRef = { id: string; name: string; localPath: string; adapterPath: string | null };

type RuntimeRow = { id: string; modelId: string; hostname: string; pid: number; port: number; status: string; startedAt: Date; message: string | null };

/**
 * Makes sure a local runtime serves `model` on this host and returns its OpenAI base URL. Reuses a ready
 * runtime whose process is alive and whose /health reports this model's folders; otherwise starts one
 * and records it in LocalRuntime. Call it before every request: it also marks the runtime as used.
 *
 * Concurrent callers in one process share one start. Across processes, the first to claim the
 * LocalRuntime row ("starting") starts the runtime and the others wait for it. Raises UPSTREAM_ERROR
 * reason runtime.start_failed when the runtime cannot start, with its error or last stderr lines.
 */
export async function ensureLocalRuntime(db: Db, model: LocalModelRef): Promise<{ baseUrl: string }> {
  const { pending } = ownedState();
  let port = pending.get(model.id);
  if (!port) {
    port = resolveRuntimePort(db, model).finally(() => pending.delete(model.id));
    pending.set(model.id, port);
  }
  return { baseUrl: runtimeBaseUrl(await port) };
}

/** Records that the model's runtime was just used, which postpones its idle stop. */
export async function touchLocalRuntime(db: Db, modelId: string): Promise<void> {
  await db.localRuntime.updateMany({ where: { modelId, status: "ready" }, data: { lastUsedAt: new Date() } });
}

async function resolveRuntimePort(db: Db, model: LocalModelRef): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row = await db.localRuntime.findUnique({ where: { modelId: model.id } });

    if (row && (await isUsable(row, model))) {
      await touchLocalRuntime(db, model.id);
      return row.port;
    }

    if (row && isStartingElsewhere(row)) {
      const port = await waitForOtherStarter(db, model, row.id);
      if (port !== null) return port;
      continue;
    }

    await stopOwnedStale(model.id, row);
    const claimId = await claimStart(db, model.id, row);
    if (!claimId) continue;

    const port = await startAndRecord(db, model, claimId);
    if (port !== null) return port;
  }
  throw new AppError("UPSTREAM_ERROR", `The local runtime for model "${model.name}" could not be claimed after ${MAX_ATTEMPTS} attempts; try again`, {
    reason: "runtime.start_contended",
    params: { model: model.name },
  });
}

async function isUsable(row: RuntimeRow, model: LocalModelRef): Promise<boolean> {
  return row.status === "ready" && row.hostname === os.hostname() && isProcessAlive(row.pid) && (await servesModel(row.port, model));
}

function isStartingElsewhere(row: RuntimeRow): boolean {
  if (row.status !== "starting") return false;
  if (Date.now() - row.startedAt.getTime() > START_LEASE_MS) return false;
  // A starter on this host that has died leaves a stale claim; on other hosts only the lease can tell.
  if (row.hostname === os.hostname()) return row.pid !== process.pid && isProcessAlive(row.pid);
  return true;
}

/** Waits for another process's start of this runtime; returns its port, or null to try claiming again. */
async function waitForOtherStarter(db: Db, model: LocalModelRef, rowId: string): Promise<number | null> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    const row = await db.localRuntime.findUnique({ where: { modelId: model.id } });
    if (!row || row.id !== rowId) return null;
    if (row.status === "failed") throw startFailed(model, row.message ?? "the runtime failed to start");
    if (row.status === "ready") {
      if (!(await isUsable(row, model))) return null;
      await touchLocalRuntime(db, model.id);
      return row.port;
    }
    if (!isStartingElsewhere(row)) return null;
  }
}

/** Stops this process's runtime for the model when the row no longer points to it as a working runtime. */
async function stopOwnedStale(modelId: string, row: RuntimeRow | null): Promise<void> {
  const { processes } = ownedState();
  const owned = processes.get(modelId);
  if (!owned) return;
  processes.delete(modelId);
  log.info({ modelId, pid: owned.pid, rowStatus: row?.status ?? null }, "runtime.stale_stop");
  await owned.stop();
}

/** Marks the row "starting" for this process, by insert or compare-and-set; returns its id, or null when another process won. */
async function claimStart(db: Db, modelId: string, row: RuntimeRow | null): Promise<string | null> {
  const claim = { hostname: os.hostname(), pid: process.pid, port: 0, status: "starting", message: null, startedAt: new Date(), lastUsedAt: new Date() };
  if (!row) {
    try {
      const created = await db.localRuntime.create({ data: { modelId, ...claim } });
      return created.id;
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") return null;
      throw error;
    }
  }
  const updated = await db.localRuntime.updateMany({
    where: { id: row.id, status: row.status, pid: row.pid, startedAt: row.startedAt },
    data: claim,
  });
  return updated.count === 1 ? row.id : null;
}

/** Starts the runtime under a claim and records it; returns its port, or null when the claim was lost meanwhile. */
async function startAndRecord(db: Db, model: LocalModelRef, claimId: string): Promise<number | null> {
  const claimed = { id: claimId, status: "starting", pid: process.pid };
  log.info({ modelId: model.id, model: model.name, adapter: model.adapterPath !== null }, "runtime.starting");

  let runtime: RuntimeProcess;
  try {
    runtime = await spawnRuntimeProcess(model, readLaunchSettings(), START_TIMEOUT_MS);
  } catch (error) {
    const message = describeStartFailure(error);
    log.error({ modelId: model.id, message, stderr: error instanceof RuntimeStartError ? error.stderrTail : undefined }, "runtime.start_failed");
    await db.localRuntime.updateMany({ where: claimed, data: { status: "failed", message: message.slice(0, 4000) } });
    if (error instanceof AppError) throw error;
    throw startFailed(model, message);
  }

  const { processes } = ownedState();
  processes.set(model.id, runtime);
  installExitHook();
  watchUnexpectedExit(db, model.id, runtime);

  const now = new Date();
  const recorded = await db.localRuntime.updateMany({
    where: claimed,
    data: { status: "ready", pid: runtime.pid, port: runtime.port, startedAt: now, lastUsedAt: now, message: null },
  });
  if (recorded.count !== 1) {
    // Another process decided this start had expired and took over the row.
    processes.delete(model.id);
    await runtime.stop();
    return null;
  }

  ensureDefaultReaper(db, env().LUODI_RUNTIME_IDLE_MINUTES * 60_000);
  log.info({ modelId: model.id, pid: runtime.pid, port: runtime.port }, "runtime.ready");
  return runtime.port;
}

/** Marks the row failed when the runtime dies on its own; stops by the reaper mark the row first. */
function watchUnexpectedExit(db: Db, modelId: string, runtime: RuntimeProcess): void {
  void runtime.exited.then(async (code) => {
    const { processes } = ownedState();
    if (processes.get(modelId) === runtime) processes.delete(modelId);
    if (runtime.stopRequested()) {
      log.info({ modelId, pid: runtime.pid, code }, "runtime.stopped");
      return;
    }
    const tail = runtime.stderrTail().slice(-QUOTED_STDERR_LINES).join("\n");
    try {
      const marked = await db.localRuntime.updateMany({
        where: { modelId, pid: runtime.pid, status: "ready" },
        data: { status: "failed", message: `the runtime exited with code ${code ?? "null (killed by a signal)"}\n${tail}`.slice(0, 4000) },
      });
      if (marked.count > 0) log.warn({ modelId, pid: runtime.pid, code, stderr: tail }, "runtime.exited");
    } catch (error) {
      // The database may already be closed while this process shuts down.
      log.debug({ modelId, error: (error as Error).message }, "runtime.exit_record_failed");
    }
  });
}

function describeStartFailure(error: unknown): string {
  if (error instanceof RuntimeStartError) {
    const tail = error.stderrTail.slice(-QUOTED_STDERR_LINES);
    return tail.length > 0 ? `${error.message}; last output:\n${tail.join("\n")}` : error.message;
  }
  if (error instanceof AppError) return error.publicMessage;
  return (error as Error).message;
}

function startFailed(model: LocalModelRef, message: string): AppError {
  return new AppError("UPSTREAM_ERROR", `The local runtime for model "${model.name}" did not start: ${message}`, {
    reason: "runtime.start_failed",
    params: { model: model.name, message: message.slice(0, 1000) },
  });
}
