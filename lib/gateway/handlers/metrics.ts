import type { RouteContext } from "../app";

/**
 * GET /metrics: Prometheus text with the request counters, the gateway's current gauges and the process's
 * event-loop delay, GC pauses and memory since the previous scrape. No key needed.
 */
export async function handleMetrics({ res, deps }: RouteContext): Promise<void> {
  const sink = deps.logSink.stats();
  const age = deps.config.ageMs();
  const text = deps.metrics.render({
    luodi_gateway_in_flight_requests: deps.load.inFlight,
    luodi_gateway_log_buffered_entries: sink.buffered,
    luodi_gateway_log_dropped_entries: sink.dropped,
    luodi_gateway_log_written_entries: sink.written,
    luodi_gateway_log_failed_flushes: sink.failedFlushes,
    // -1 until the first load, because Prometheus cannot store Infinity usefully in alerts.
    luodi_gateway_config_age_seconds: Number.isFinite(age) ? age / 1000 : -1,
    ...deps.processMetrics?.read(),
  });
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}
