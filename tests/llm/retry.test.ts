import { describe, expect, it } from "vitest";
import { withRetry } from "@/lib/llm/retry";
import { LlmError } from "@/lib/llm/types";

const noJitter = () => 0;

describe("withRetry", () => {
  it("retries retryable errors with exponential backoff", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new LlmError("upstream_status", "HTTP 500", { httpStatus: 500 });
        return "ok";
      },
      { baseDelayMs: 10, random: noJitter, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 20]);
  });

  it("waits for Retry-After", async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw new LlmError("rate_limited", "HTTP 429", { httpStatus: 429, retryAfterSeconds: 0.05 });
        return "ok";
      },
      { baseDelayMs: 1, random: noJitter, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(delays).toEqual([50]);
  });

  it("gives up when Retry-After exceeds the maximum wait", async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw new LlmError("rate_limited", "HTTP 429", { retryAfterSeconds: 120 });
      },
      { maxDelayMs: 1_000 },
    );
    await expect(failing).rejects.toMatchObject({ kind: "rate_limited" });
    expect(calls).toBe(1);
  });

  it("does not retry permanent errors", async () => {
    let calls = 0;
    const failing = withRetry(async () => {
      calls++;
      throw new LlmError("upstream_status", "HTTP 400", { httpStatus: 400 });
    });
    await expect(failing).rejects.toMatchObject({ kind: "upstream_status" });
    expect(calls).toBe(1);
  });

  it("stops after maxAttempts", async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw new LlmError("timeout", "timed out");
      },
      { maxAttempts: 4, baseDelayMs: 1 },
    );
    await expect(failing).rejects.toMatchObject({ kind: "timeout" });
    expect(calls).toBe(4);
  });

  it("stops waiting when aborted", async () => {
    const controller = new AbortController();
    let calls = 0;
    const startedAt = Date.now();
    const failing = withRetry(
      async () => {
        calls++;
        throw new LlmError("network", "refused");
      },
      { baseDelayMs: 10_000, signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 20) },
    );
    await expect(failing).rejects.toMatchObject({ kind: "network" });
    expect(calls).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});
