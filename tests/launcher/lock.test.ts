import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, LOCK_FILE_NAME, LockHeldError, readLockOwner, type LockOwner } from "@/lib/launcher/lock";

const lockModule = resolve(__dirname, "../../lib/launcher/lock.ts");

let dataDir: string;
let holder: ChildProcess | null = null;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "luodi-lock-"));
});

afterEach(() => {
  holder?.kill("SIGKILL");
  holder = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts another Node process that takes the lock and keeps it until killed. */
async function holdLockInAnotherProcess(dir: string): Promise<ChildProcess> {
  const script = `const { acquireDataDirLock } = await import(${JSON.stringify(lockModule)}); acquireDataDirLock(process.argv[1]); console.log("locked"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, dir], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolveLocked, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolveLocked();
    });
    child.once("exit", (code) => reject(new Error(`lock holder exited early with code ${code}`)));
  });
  return child;
}

/** Returns the id of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolveExit) => child.once("exit", resolveExit));
  return child.pid!;
}

describe("data folder lock", () => {
  it("records this process as the owner", () => {
    const lock = acquireDataDirLock(dataDir);

    const owner = readLockOwner(join(dataDir, LOCK_FILE_NAME));
    expect(owner?.pid).toBe(process.pid);
    expect(owner?.startedAt).toBe(lock.owner.startedAt);
    lock.release();
  });

  it("rejects a second holder with the owner's pid", async () => {
    holder = await holdLockInAnotherProcess(dataDir);

    let caught: unknown;
    try {
      acquireDataDirLock(dataDir);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(LockHeldError);
    expect((caught as LockHeldError).message).toContain(
      `Another Luodi launcher (pid ${holder.pid}) is using data folder ${dataDir}; stop it first or set LUODI_DATA_DIR to another folder`,
    );
    expect(readLockOwner(join(dataDir, LOCK_FILE_NAME))?.pid).toBe(holder.pid);
  });

  it("rejects a second acquire in the same process", () => {
    const lock = acquireDataDirLock(dataDir);

    expect(() => acquireDataDirLock(dataDir)).toThrow(LockHeldError);
    lock.release();
  });

  it("takes over a lock left by a dead process", async () => {
    const pid = await deadPid();
    const stale: LockOwner = { pid, hostname: "", startedAt: "2020-01-01T00:00:00.000Z", id: "stale" };
    writeFileSync(join(dataDir, LOCK_FILE_NAME), JSON.stringify(stale));
    const warnings: Array<LockOwner | null> = [];

    const lock = acquireDataDirLock(dataDir, { onStaleLock: (owner) => warnings.push(owner) });

    expect(warnings).toEqual([stale]);
    expect(readLockOwner(join(dataDir, LOCK_FILE_NAME))?.pid).toBe(process.pid);
    lock.release();
  });

  it("takes over an unreadable lock file", () => {
    writeFileSync(join(dataDir, LOCK_FILE_NAME), "not json");
    const warnings: Array<LockOwner | null> = [];

    const lock = acquireDataDirLock(dataDir, { onStaleLock: (owner) => warnings.push(owner) });

    expect(warnings).toEqual([null]);
    expect(readLockOwner(lock.path)?.pid).toBe(process.pid);
    lock.release();
  });

  it("release removes only its own lock", () => {
    const lock = acquireDataDirLock(dataDir);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);

    const second = acquireDataDirLock(dataDir);
    lock.release();
    expect(existsSync(second.path)).toBe(true);
    expect(JSON.parse(readFileSync(second.path, "utf8")).startedAt).toBe(second.owner.startedAt);
    second.release();
    expect(existsSync(second.path)).toBe(false);
  });

  it("creates a missing data folder", () => {
    const nested = join(dataDir, "a", "b");

    const lock = acquireDataDirLock(nested);

    expect(existsSync(join(nested, LOCK_FILE_NAME))).toBe(true);
    lock.release();
  });
});
