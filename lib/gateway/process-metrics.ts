import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";

/**
 * Event-loop delay, garbage-collection pauses and memory of the gateway process, read as gauges at each
 * /metrics scrape. A slow request whose handler was quick waited for one of these, so they are what an
 * operator checks when the request latency's tail grows.
 *
 * Delay and pause figures cover the time since the previous scrape: the histogram and the longest pause
 * are reset when read, so each scrape shows its own interval rather than the process's whole life.
 */

export type ProcessMetrics = {
  /** Returns gauges named for Prometheus, in seconds and bytes. */
  read(): Record<string, number>;
  stop(): void;
};

const NS_PER_SECOND = 1e9;
const MS_PER_SECOND = 1e3;

/** Starts sampling. `resolutionMs` is the period of the event-loop timer, and a smaller one catches shorter stalls. */
export function startProcessMetrics(resolutionMs = 5): ProcessMetrics {
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  const gc = watchGarbageCollection();

  return {
    read() {
      const gauges = { ...delayGauges(delay, resolutionMs), ...gc.read(), ...memoryGauges() };
      delay.reset();
      return gauges;
    },
    stop() {
      delay.disable();
      gc.stop();
    },
  };
}

/**
 * Returns the delay percentiles in seconds. The histogram records each timer tick's interval, period
 * included, so the period is subtracted to leave the delay alone.
 */
function delayGauges(delay: IntervalHistogram, resolutionMs: number): Record<string, number> {
  if (delay.count === 0) return {};
  const lateness = (nanoseconds: number) => Math.max(0, nanoseconds / NS_PER_SECOND - resolutionMs / MS_PER_SECOND);
  return {
    nodejs_eventloop_delay_p50_seconds: lateness(delay.percentile(50)),
    nodejs_eventloop_delay_p99_seconds: lateness(delay.percentile(99)),
    nodejs_eventloop_delay_max_seconds: lateness(delay.max),
  };
}

function watchGarbageCollection(): { read(): Record<string, number>; stop(): void } {
  let totalMs = 0;
  let count = 0;
  let longestMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      totalMs += entry.duration;
      count += 1;
      longestMs = Math.max(longestMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ["gc"] });

  return {
    read() {
      const gauges = {
        nodejs_gc_pause_seconds_total: totalMs / MS_PER_SECOND,
        nodejs_gc_runs_total: count,
        nodejs_gc_longest_pause_seconds: longestMs / MS_PER_SECOND,
      };
      longestMs = 0;
      return gauges;
    },
    stop: () => observer.disconnect(),
  };
}

function memoryGauges(): Record<string, number> {
  const memory = process.memoryUsage();
  return {
    process_resident_memory_bytes: memory.rss,
    nodejs_heap_used_bytes: memory.heapUsed,
    nodejs_heap_total_bytes: memory.heapTotal,
  };
}
