import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startComputeClock } from "@/lib/finetune/compute-clock";

describe("compute clock", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("adds the running attempt's seconds while it runs and the rest when it stops", async () => {
    const added: number[] = [];
    const clock = startComputeClock(async (seconds) => void added.push(seconds), { intervalMs: 5_000 });

    await vi.advanceTimersByTimeAsync(12_000);
    expect(added).toEqual([5, 5]);

    await clock.stop();
    expect(added).toEqual([5, 5, 2]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(added).toHaveLength(3);
  });

  it("keeps seconds whose write failed for the next write", async () => {
    const added: number[] = [];
    let failNext = true;
    const clock = startComputeClock(async (seconds) => {
      if (failNext) {
        failNext = false;
        throw new Error("database unavailable");
      }
      added.push(seconds);
    }, { intervalMs: 5_000 });

    await vi.advanceTimersByTimeAsync(10_000);
    await clock.stop();

    expect(added).toEqual([10]);
  });

  it("sums a killed and a resumed attempt", async () => {
    let total = 0;
    const add = async (seconds: number) => void (total += seconds);

    startComputeClock(add, { intervalMs: 5_000 });
    await vi.advanceTimersByTimeAsync(20_000);
    vi.clearAllTimers();

    const resumed = startComputeClock(add, { intervalMs: 5_000 });
    await vi.advanceTimersByTimeAsync(7_000);
    await resumed.stop();

    expect(total).toBe(27);
  });
});
