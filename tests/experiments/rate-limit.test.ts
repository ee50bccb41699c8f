import { describe, expect, it } from "vitest";
import { createRateLimiter, type Clock } from "@/lib/experiments/rate-limit";

/** A clock that only moves when a waiter sleeps, so timings are exact and the test takes no real time. */
function manualClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe("rate limiter", () => {
  it("spaces calls at 60 rpm one second apart", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter(clock);
    const times: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      await limiter.acquire("provider-a", 60);
      times.push(clock.now());
    }
    expect(times).toEqual([0, 1000, 2000, 3000]);
  });

  it("allows a one-second burst at 600 rpm", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter(clock);
    const times: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      await limiter.acquire("p", 600);
      times.push(clock.now());
    }
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times[10]).toBe(100);
    expect(times[11]).toBe(200);
  });

  it("shares one bucket per key and none across keys", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter(clock);
    await Promise.all([limiter.acquire("a", 60), limiter.acquire("a", 60), limiter.acquire("b", 60)]);
    // a's second call waited a second; b's first did not.
    expect(clock.sleeps).toEqual([1000]);
  });

  it("serves concurrent waiters in order", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter(clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((index) => limiter.acquire("a", 60).then(() => order.push(index))));
    expect(order).toEqual([0, 1, 2]);
  });

  it("never waits without a limit", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter(clock);
    for (let index = 0; index < 100; index += 1) await limiter.acquire("a", null);
    expect(clock.now()).toBe(0);
  });

  it("holds every call during a Retry-After pause", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter(clock);
    limiter.pause("a", 2);
    await limiter.acquire("a", null);
    expect(clock.now()).toBe(2000);

    limiter.pause("a", 3);
    await limiter.acquire("a", 6000);
    expect(clock.now()).toBe(5000);
    await limiter.acquire("b", null);
    expect(clock.now()).toBe(5000);
  });

  it("works on the real clock", async () => {
    const limiter = createRateLimiter();
    const started = Date.now();
    for (let index = 0; index < 3; index += 1) await limiter.acquire("real", 1200);
    // 1,200 rpm is 20 per second with a burst of 20, so three calls do not wait.
    expect(Date.now() - started).toBeLessThan(500);
  });
});
