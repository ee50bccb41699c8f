import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ChildGroup, type RestartNotice } from "@/lib/launcher/children";

const quiet = { stdout: new PassThrough(), stderr: new PassThrough() };
const policy = { maxRestarts: 2, windowMs: 60_000, firstDelayMs: 10, maxDelayMs: 50 };

/** A child that exits with `code` after `afterMs`. */
const exitingChild = (code: number, afterMs: number) => ({
  name: "flaky",
  command: process.execPath,
  args: ["-e", `setTimeout(() => process.exit(${code}), ${afterMs})`],
  cwd: process.cwd(),
  env: process.env,
});

describe("child restarts", () => {
  it("stops at the first exit before restarts are allowed", async () => {
    const group = new ChildGroup(quiet, { policy });
    group.start(exitingChild(3, 0));

    const exit = await group.unexpectedExit;

    expect(exit).toMatchObject({ name: "flaky", code: 3 });
    await group.stop(1_000);
  });

  it("starts a crashed child again with growing delays, then gives up", async () => {
    const notices: RestartNotice[] = [];
    let started = 0;
    const group = new ChildGroup(quiet, { policy, onRestart: (notice) => notices.push(notice), onRestarted: () => (started += 1) });
    group.allowRestarts();
    group.start(exitingChild(7, 20));

    const exit = await group.unexpectedExit;

    expect(exit.code).toBe(7);
    expect(started).toBe(2);
    expect(notices.map((notice) => [notice.restartsInWindow, notice.delayMs])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    await group.stop(1_000);
  });

  it("does not start a child again once the group is stopping", async () => {
    let started = 0;
    const group = new ChildGroup(quiet, { policy: { ...policy, firstDelayMs: 200 }, onRestarted: () => (started += 1) });
    group.allowRestarts();
    group.start(exitingChild(1, 0));

    await new Promise((resolve) => setTimeout(resolve, 100));
    await group.stop(1_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(started).toBe(0);
  });
});
