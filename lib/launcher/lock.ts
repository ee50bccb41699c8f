import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_FILE_NAME = "luodi.lock";

/**
 * Contents of the lock file: who holds the data folder and since when. `id` distinguishes two locks taken by
 * one process within the same millisecond.
 */
export type LockOwner = { pid: number; hostname: string; startedAt: string; id: string };

export type DataDirLock = {
  path: string;
  owner: LockOwner;
  /** Removes the lock file if it still belongs to this process. Safe to call more than once. */
  release: () => void;
};

/** Raised when a running launcher already owns the data folder lock. */
export class LockHeldError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Another Luodi launcher (pid ${owner.pid}) is using data folder ${dataDir}; stop it first or set LUODI_DATA_DIR to another folder. ` +
        `If no launcher is running, delete ${lockPath}.`,
    );
    this.name = "LockHeldError";
  }
}

/**
 * Takes the exclusive lock on a data folder, so only one launcher opens its embedded database (PGlite has
 * no lock of its own). A lock left by a process that no longer runs is taken over and reported through
 * `onStaleLock`.
 */
export function acquireDataDirLock(
  dataDir: string,
  options: { onStaleLock?: (owner: LockOwner | null, lockPath: string) => void } = {},
): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), id: randomUUID() };

  if (!tryCreateLock(lockPath, owner)) {
    const existing = readLockOwner(lockPath);
    if (existing && isHeldByLiveProcess(existing)) throw new LockHeldError(dataDir, lockPath, existing);

    options.onStaleLock?.(existing, lockPath);
    // NOTE: two launchers that find the same stale lock within the same few milliseconds can both take it
    // over; Node has no portable flock() to close that window.
    unlinkIfPresent(lockPath);
    if (!tryCreateLock(lockPath, owner)) {
      const winner = readLockOwner(lockPath);
      if (winner) throw new LockHeldError(dataDir, lockPath, winner);
      throw new Error(`Could not create the lock file ${lockPath}; check that the data folder is writable`);
    }
  }

  return {
    path: lockPath,
    owner,
    release: () => {
      const current = readLockOwner(lockPath);
      if (current && current.pid === owner.pid && current.id === owner.id) unlinkIfPresent(lockPath);
    },
  };
}

/**
 * Creates the lock file with its full contents in one atomic step: the contents go to a private temporary
 * file (opened with O_EXCL), which is then hard-linked to the lock path. link() fails when the lock exists,
 * and a reader never sees a half-written lock.
 */
function tryCreateLock(lockPath: string, owner: LockOwner): boolean {
  const temporaryPath = `${lockPath}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporaryPath, `${JSON.stringify(owner)}\n`, { flag: "wx", mode: 0o644 });
  try {
    linkSync(temporaryPath, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkIfPresent(temporaryPath);
  }
}

/** Reads the lock file; null when it is missing or not a lock this launcher wrote. */
export function readLockOwner(lockPath: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }

  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number" || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    return { pid: parsed.pid, hostname: String(parsed.hostname ?? ""), startedAt: String(parsed.startedAt ?? ""), id: String(parsed.id ?? "") };
  } catch {
    return null;
  }
}

function isHeldByLiveProcess(owner: LockOwner): boolean {
  // A lock written on another machine (a shared network folder) cannot be checked from here: treat it as live.
  if (owner.hostname && owner.hostname !== hostname()) return true;
  return isProcessAlive(owner.pid);
}

/** Reports whether a process with this id exists; EPERM means it exists but belongs to another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function unlinkIfPresent(path: string) {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
