import { afterEach, describe, expect, it } from "vitest";
import { startProcessMetrics, type ProcessMetrics } from "@/lib/gateway/process-metrics";

let metrics: ProcessMetrics | null = null;

afterEach(() => {
  metrics?.stop();
  metrics = null;
});

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy wait: the point is to hold the event loop.
  }
}

function churnHeap(): number {
  let allocated = 0;
  for (let round = 0; round < 200; round++) allocated += new Array(50_000).fill(round).length;
  return allocated;
}

const nextTicks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("gateway process metrics", () => {
  it("reports a blocked event loop, then resets at the next read", async () => {
    metrics = startProcessMetrics(1);
    await nextTicks(20);
    blockEventLoop(80);
    await nextTicks(20);

    const first = metrics.read();
    expect(first.nodejs_eventloop_delay_max_seconds).toBeGreaterThan(0.05);
    expect(first.process_resident_memory_bytes).toBeGreaterThan(0);
    expect(first.nodejs_heap_used_bytes).toBeGreaterThan(0);

    await nextTicks(30);
    const second = metrics.read();
    expect(second.nodejs_eventloop_delay_max_seconds).toBeLessThan(0.05);
  });

  it("counts garbage-collection pauses and keeps the total across reads", async () => {
    metrics = startProcessMetrics();
    expect(churnHeap()).toBeGreaterThan(0);
    await nextTicks(50);

    const first = metrics.read();
    expect(first.nodejs_gc_runs_total).toBeGreaterThan(0);
    expect(first.nodejs_gc_pause_seconds_total).toBeGreaterThan(0);

    const second = metrics.read();
    expect(second.nodejs_gc_pause_seconds_total).toBeGreaterThanOrEqual(first.nodejs_gc_pause_seconds_total!);
    expect(second.nodejs_gc_longest_pause_seconds).toBe(0);
  });
});
