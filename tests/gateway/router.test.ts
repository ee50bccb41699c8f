import { describe, expect, it, vi } from "vitest";
import type { Attempt, DeploymentConfig } from "@/lib/gateway/contracts";
import { MAX_RETRY_WAIT_MS, planAttempts, runAttempts, type AttemptOutcome, type AttemptRun } from "@/lib/gateway/router";

/** Mulberry32: a small seeded generator, so weight-split tests draw the same numbers on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deployment(overrides: Partial<DeploymentConfig> = {}): DeploymentConfig {
  return {
    id: "dep-1",
    workspaceId: "ws-1",
    name: "support-chat",
    targets: [{ modelId: "model-a", weight: 1 }],
    fallbacks: [],
    canary: null,
    retries: 2,
    retryBackoffMs: 100,
    fallbackOn: [429, 500, 502, 503, 504],
    timeoutMs: 60_000,
    cacheTtlSeconds: 0,
    enabled: true,
    ...overrides,
  };
}

function canary(overrides: Partial<NonNullable<DeploymentConfig["canary"]>> = {}): NonNullable<DeploymentConfig["canary"]> {
  return { modelId: "model-canary", percent: 10, maxErrorRate: 0.2, maxP95Ms: null, minRequests: 20, state: "active", ...overrides };
}

function countFirstModels(config: DeploymentConfig, draws: number, seed: number): Map<string, number> {
  const random = seededRandom(seed);
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const first = planAttempts(config, random)[0]!;
    const key = `${first.role}:${first.modelId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe("planAttempts", () => {
  it("splits traffic by weight", () => {
    const config = deployment({ targets: [{ modelId: "model-a", weight: 3 }, { modelId: "model-b", weight: 1 }] });
    const counts = countFirstModels(config, 20_000, 42);

    expect(counts.get("primary:model-a")! / 20_000).toBeCloseTo(0.75, 1);
    expect(counts.get("primary:model-b")! / 20_000).toBeCloseTo(0.25, 1);
    expect(counts.size).toBe(2);
  });

  it("never picks a zero-weight target", () => {
    const config = deployment({ targets: [{ modelId: "model-a", weight: 0 }, { modelId: "model-b", weight: 5 }] });
    const counts = countFirstModels(config, 2_000, 7);

    expect(counts.get("primary:model-b")).toBe(2_000);
  });

  it("picks uniformly when all weights are zero", () => {
    const config = deployment({ targets: [{ modelId: "model-a", weight: 0 }, { modelId: "model-b", weight: 0 }] });
    const counts = countFirstModels(config, 10_000, 11);

    expect(counts.get("primary:model-a")! / 10_000).toBeCloseTo(0.5, 1);
    expect(counts.get("primary:model-b")! / 10_000).toBeCloseTo(0.5, 1);
  });

  it("sends the canary share to the canary", () => {
    const config = deployment({ canary: canary({ percent: 10 }) });
    const counts = countFirstModels(config, 20_000, 3);

    expect(counts.get("canary:model-canary")! / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.get("primary:model-a")! / 20_000).toBeCloseTo(0.9, 1);
  });

  it("gives a rolled-back canary nothing", () => {
    const config = deployment({ canary: canary({ percent: 50, state: "rolled_back" }) });
    const counts = countFirstModels(config, 5_000, 5);

    expect(counts.get("canary:model-canary")).toBeUndefined();
    expect(counts.get("primary:model-a")).toBe(5_000);
  });

  it("gives a canary at 0% nothing", () => {
    const config = deployment({ canary: canary({ percent: 0 }) });
    const counts = countFirstModels(config, 1_000, 9);

    expect(counts.get("canary:model-canary")).toBeUndefined();
  });

  it("picks the canary when the draw is under its percent", () => {
    const config = deployment({ canary: canary({ percent: 10 }), fallbacks: ["model-f"] });

    expect(planAttempts(config, () => 0.05)).toEqual([
      { modelId: "model-canary", role: "canary" },
      { modelId: "model-f", role: "fallback" },
    ]);
    expect(planAttempts(config, () => 0.1)[0]).toEqual({ modelId: "model-a", role: "primary" });
  });

  it("appends fallbacks in order", () => {
    const config = deployment({ fallbacks: ["model-f1", "model-f2", "model-f3"] });

    expect(planAttempts(config, () => 0.5)).toEqual([
      { modelId: "model-a", role: "primary" },
      { modelId: "model-f1", role: "fallback" },
      { modelId: "model-f2", role: "fallback" },
      { modelId: "model-f3", role: "fallback" },
    ]);
  });

  it("skips fallbacks already planned", () => {
    const config = deployment({
      targets: [{ modelId: "model-a", weight: 1 }, { modelId: "model-b", weight: 1 }],
      fallbacks: ["model-a", "model-f", "model-f", "model-b"],
    });

    expect(planAttempts(config, () => 0.1).map((attempt) => attempt.modelId)).toEqual(["model-a", "model-f", "model-b"]);
    expect(planAttempts(config, () => 0.9).map((attempt) => attempt.modelId)).toEqual(["model-b", "model-a", "model-f"]);
  });
});

type Script = Map<string, AttemptOutcome<string>[]>;

/** Builds a call that replays scripted outcomes per model and records each requested model. */
function scriptedCall(script: Script) {
  const calls: Array<{ modelId: string; index: number }> = [];
  const call = async (attempt: Attempt, index: number): Promise<AttemptOutcome<string>> => {
    calls.push({ modelId: attempt.modelId, index });
    const queue = script.get(attempt.modelId);
    const next = queue?.shift();
    if (!next) throw new Error(`no scripted outcome left for ${attempt.modelId}`);
    return next;
  };
  return { call, calls };
}

function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { sleep, waits };
}

const ok = (value: string): AttemptOutcome<string> => ({ ok: true, value });
const fail = (status: number | null, extra: { retryAfterSeconds?: number; final?: boolean } = {}): AttemptOutcome<string> => ({
  ok: false,
  status,
  error: new Error(`upstream ${status ?? "network"}`),
  ...extra,
});

function lastFailure<T>(run: AttemptRun<T>) {
  if (run.ok) throw new Error(`expected a failed run, got a success from ${run.attempt.modelId}`);
  return run.last;
}

const policy = { retries: 2, retryBackoffMs: 100, fallbackOn: [429, 500, 502, 503, 504] };
const primary: Attempt = { modelId: "model-a", role: "primary" };
const fallback1: Attempt = { modelId: "model-f1", role: "fallback" };
const fallback2: Attempt = { modelId: "model-f2", role: "fallback" };

describe("runAttempts", () => {
  it("retries then succeeds", async () => {
    const { call, calls } = scriptedCall(new Map([["model-a", [fail(500), fail(null), ok("answer")]]]));
    const { sleep, waits } = recordingSleep();

    const run = await runAttempts([primary, fallback1], policy, call, { sleep });

    expect(run).toEqual({ ok: true, value: "answer", attempt: primary, attempts: 3, fallbackUsed: false });
    expect(calls.map((entry) => entry.index)).toEqual([0, 1, 2]);
    expect(waits).toHaveLength(2);
    // Backoff doubles per retry with up to 20% jitter on top.
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[0]).toBeLessThanOrEqual(120);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(240);
  });

  it("honours Retry-After", async () => {
    const { call } = scriptedCall(new Map([["model-a", [fail(429, { retryAfterSeconds: 3 }), ok("answer")]]]));
    const { sleep, waits } = recordingSleep();

    const run = await runAttempts([primary], policy, call, { sleep });

    expect(run.ok).toBe(true);
    expect(waits).toEqual([3000]);
  });

  it("moves on when Retry-After exceeds the cap", async () => {
    const tooLong = MAX_RETRY_WAIT_MS / 1000 + 1;
    const { call, calls } = scriptedCall(
      new Map([
        ["model-a", [fail(429, { retryAfterSeconds: tooLong })]],
        ["model-f1", [ok("from fallback")]],
      ]),
    );
    const { sleep, waits } = recordingSleep();

    const run = await runAttempts([primary, fallback1], policy, call, { sleep });

    expect(waits).toEqual([]);
    expect(calls.map((entry) => entry.modelId)).toEqual(["model-a", "model-f1"]);
    expect(run).toEqual({ ok: true, value: "from fallback", attempt: fallback1, attempts: 2, fallbackUsed: true });
  });

  it("waits exactly the cap", async () => {
    const { call } = scriptedCall(new Map([["model-a", [fail(503, { retryAfterSeconds: MAX_RETRY_WAIT_MS / 1000 }), ok("answer")]]]));
    const { sleep, waits } = recordingSleep();

    await runAttempts([primary], policy, call, { sleep });

    expect(waits).toEqual([MAX_RETRY_WAIT_MS]);
  });

  it("falls back after retries run out", async () => {
    const { call, calls } = scriptedCall(
      new Map([
        ["model-a", [fail(502), fail(502), fail(502)]],
        ["model-f1", [fail(500), fail(500), fail(500)]],
        ["model-f2", [ok("third model")]],
      ]),
    );
    const { sleep } = recordingSleep();

    const run = await runAttempts([primary, fallback1, fallback2], policy, call, { sleep });

    expect(calls.map((entry) => entry.modelId)).toEqual(["model-a", "model-a", "model-a", "model-f1", "model-f1", "model-f1", "model-f2"]);
    expect(run).toEqual({ ok: true, value: "third model", attempt: fallback2, attempts: 7, fallbackUsed: true });
  });

  it("falls back after a timeout", async () => {
    const { call } = scriptedCall(
      new Map([
        ["model-a", [fail(null)]],
        ["model-f1", [ok("answer")]],
      ]),
    );

    const run = await runAttempts([primary, fallback1], { ...policy, retries: 0 }, call, recordingSleep());

    expect(run.ok).toBe(true);
    expect(run.attempt).toEqual(fallback1);
  });

  it("falls back only on listed statuses", async () => {
    const { call, calls } = scriptedCall(new Map([["model-a", [fail(501), fail(501), fail(501)]]]));

    const run = await runAttempts([primary, fallback1], { ...policy, fallbackOn: [429] }, call, recordingSleep());

    expect(calls.map((entry) => entry.modelId)).toEqual(["model-a", "model-a", "model-a"]);
    expect(run.ok).toBe(false);
    expect(lastFailure(run).status).toBe(501);
    expect(run.fallbackUsed).toBe(false);
    expect(run.attempts).toBe(3);
  });

  it("returns 400 at once", async () => {
    const { call, calls } = scriptedCall(new Map([["model-a", [fail(400)]]]));
    const { sleep, waits } = recordingSleep();

    const run = await runAttempts([primary, fallback1], policy, call, { sleep });

    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(run.ok).toBe(false);
    expect(lastFailure(run).status).toBe(400);
    expect(run.attempt).toEqual(primary);
  });

  it("falls back on a 4xx listed in fallbackOn without retrying it", async () => {
    const { call, calls } = scriptedCall(
      new Map([
        ["model-a", [fail(404)]],
        ["model-f1", [ok("answer")]],
      ]),
    );

    const run = await runAttempts([primary, fallback1], { ...policy, fallbackOn: [404] }, call, recordingSleep());

    expect(calls.map((entry) => entry.modelId)).toEqual(["model-a", "model-f1"]);
    expect(run.ok).toBe(true);
  });

  it("returns the last failure when every model fails", async () => {
    const { call } = scriptedCall(
      new Map([
        ["model-a", [fail(500)]],
        ["model-f1", [fail(503, { retryAfterSeconds: 1 })]],
      ]),
    );

    const run = await runAttempts([primary, fallback1], { ...policy, retries: 0 }, call, recordingSleep());

    expect(run.ok).toBe(false);
    expect(lastFailure(run).status).toBe(503);
    expect(run.attempt).toEqual(fallback1);
    expect(run.attempts).toBe(2);
    expect(run.fallbackUsed).toBe(true);
  });

  it("stops at a final failure", async () => {
    const { call, calls } = scriptedCall(new Map([["model-a", [fail(null, { final: true })]]]));

    const run = await runAttempts([primary, fallback1], policy, call, recordingSleep());

    expect(calls).toHaveLength(1);
    expect(run.ok).toBe(false);
    expect(lastFailure(run).final).toBe(true);
  });

  it("stops when aborted during a wait", async () => {
    const controller = new AbortController();
    const { call, calls } = scriptedCall(new Map([["model-a", [fail(500), ok("never")]]]));
    const sleep = async () => {
      controller.abort(new Error("client disconnected"));
    };

    const run = await runAttempts([primary, fallback1], policy, call, { signal: controller.signal, sleep });

    expect(calls).toHaveLength(1);
    expect(run.ok).toBe(false);
    expect(lastFailure(run).status).toBe(500);
  });

  it("calls nothing when already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("client disconnected"));
    const { call, calls } = scriptedCall(new Map());

    const run = await runAttempts([primary], policy, call, { signal: controller.signal });

    expect(calls).toHaveLength(0);
    expect(run.ok).toBe(false);
    expect(run.attempts).toBe(0);
    expect((lastFailure(run).error as Error).message).toBe("client disconnected");
  });

  it("stops when the call aborts", async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const call = async (attempt: Attempt): Promise<AttemptOutcome<string>> => {
      calls.push(attempt.modelId);
      controller.abort();
      return fail(null);
    };

    const run = await runAttempts([primary, fallback1], policy, call, { signal: controller.signal });

    expect(calls).toEqual(["model-a"]);
    expect(run.ok).toBe(false);
  });

  it("cuts the default sleep short on abort", async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const { call, calls } = scriptedCall(new Map([["model-a", [fail(429, { retryAfterSeconds: 10 }), ok("never")]]]));

      const pending = runAttempts([primary], policy, call, { signal: controller.signal });
      await vi.advanceTimersByTimeAsync(0);
      controller.abort();
      // With fake timers the 10 s wait never ends on its own, so this resolves only if abort ends the sleep.
      const run = await pending;

      expect(calls).toHaveLength(1);
      expect(run.ok).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects an empty plan", async () => {
    await expect(runAttempts([], policy, async () => ok("x"))).rejects.toThrow(/at least one planned attempt/);
  });
});
