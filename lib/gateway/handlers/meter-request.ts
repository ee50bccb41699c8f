import type { RouteContext } from "../app";
import type { KeyPolicy } from "../contracts";
import type { GatewayError } from "../respond";
import { buildLogEntry, NO_USAGE, type MeterContext, type MeterOutcome } from "./metering";

/** Pushes the log entry, counts the tokens and cost against the key's limits, and fills the metrics. */
export function meterRequest(context: RouteContext, key: KeyPolicy, meter: MeterContext, outcome: MeterOutcome): void {
  const entry = buildLogEntry(meter, outcome);
  context.deps.logSink.push(entry);
  context.stats.inputTokens = entry.inputTokens;
  context.stats.outputTokens = entry.outputTokens;
  if (!outcome.cacheHit) context.deps.limiter.record(key, { tokens: entry.inputTokens + entry.outputTokens, cost: entry.cost, currency: entry.currency === "USD" || entry.currency === "CNY" ? entry.currency : null });
}

/** Logs a request refused after authentication (bad input, unknown model, limits), so it shows in the dashboards. */
export function logRejection(context: RouteContext, meter: MeterContext, error: GatewayError): void {
  const outcome: MeterOutcome = {
    target: null,
    status: "error",
    httpStatus: error.status,
    errorCode: error.error.code,
    errorMessage: error.message,
    usage: NO_USAGE,
    ttftMs: null,
    latencyMs: performance.now() - context.startedAt,
    cacheHit: false,
    attempts: 0,
    fallbackUsed: false,
    canary: false,
    answer: null,
  };
  context.deps.logSink.push(buildLogEntry(meter, outcome));
}
