import { LATENCY_BOUNDS_MS, latencySlot } from "@/lib/usage/latency-histogram";
import type { LimitKind } from "./contracts";

/**
 * The gateway's Prometheus metrics in the text exposition format (version 0.0.4), kept in memory without a
 * client library. Every request updates a few map entries. The text is only built when /metrics is scraped.
 */

/** Maximum distinct label sets per counter. New sets past it fold their free-form labels into "other". */
const MAX_COUNTER_SERIES = 1000;
/** Histograms cost a line per bucket, so they keep fewer series. */
const MAX_HISTOGRAM_SERIES = 100;
const OTHER = "other";

/**
 * Histogram bucket bounds: every third bound of the roll-up latency buckets (each about twice the previous,
 * from 1 ms to 10 minutes), so the same bounds appear in the dashboards' roll-ups and here.
 */
const BUCKET_BOUNDS_MS: readonly number[] = LATENCY_BOUNDS_MS.filter(
  (_, index) => index % 3 === 0 || index === LATENCY_BOUNDS_MS.length - 1,
);
/** Roll-up slot → index of the first exposed bucket whose bound covers it; slots past the last bound map to +Inf. */
const SLOT_TO_BUCKET: readonly number[] = buildSlotToBucket();

function buildSlotToBucket(): number[] {
  const mapping: number[] = [];
  for (let slot = 0; slot <= LATENCY_BOUNDS_MS.length; slot++) {
    const bound = LATENCY_BOUNDS_MS[slot] ?? Number.POSITIVE_INFINITY;
    const bucket = BUCKET_BOUNDS_MS.findIndex((candidate) => candidate >= bound);
    mapping.push(bucket === -1 ? BUCKET_BOUNDS_MS.length : bucket);
  }
  return mapping;
}

export type CacheStatus = "hit" | "miss" | "bypass" | "off";

export type RequestObservation = {
  endpoint: string;
  /** Deployment name, or null when the request failed before one was resolved. */
  deployment: string | null;
  status: number;
  latencyMs: number;
  cache: CacheStatus;
  inputTokens: number | null;
  outputTokens: number | null;
  stream: boolean;
};

export type UpstreamObservation = {
  model: string;
  /** HTTP status, or null for a network failure or timeout. */
  status: number | null;
  latencyMs: number;
};

export type GatewayMetrics = {
  observeRequest(observation: RequestObservation): void;
  observeUpstream(observation: UpstreamObservation): void;
  limited(kind: LimitKind): void;
  /** Builds the exposition text. `gauges` maps a metric name to its current value, and invalid names are skipped. */
  render(gauges?: Record<string, number>): string;
};

type Series<V> = { labels: string[]; value: V };
type HistogramValue = { buckets: number[]; sum: number; count: number };

/**
 * One metric family's series, keyed by label values. `freeLabels` are the positions whose values come from
 * clients or configuration (deployment and model names), which fold into "other" once the family is full.
 */
class Family<V> {
  readonly series = new Map<string, Series<V>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "histogram",
    readonly labelNames: readonly string[],
    private readonly freeLabels: readonly number[],
    private readonly maxSeries: number,
    private readonly create: () => V,
  ) {}

  get(labels: string[]): V {
    const key = labels.join("\u0000");
    const found = this.series.get(key);
    if (found) return found.value;

    if (this.series.size >= this.maxSeries) return this.getFolded(labels);
    const value = this.create();
    this.series.set(key, { labels, value });
    return value;
  }

  /** Returns the series with free-form labels set to "other", created even past the cap because the other labels are bounded. */
  private getFolded(labels: string[]): V {
    const folded = labels.map((value, index) => (this.freeLabels.includes(index) ? OTHER : value));
    const key = folded.join("\u0000");
    const found = this.series.get(key);
    if (found) return found.value;
    const value = this.create();
    this.series.set(key, { labels: folded, value });
    return value;
  }
}

function counterFamily(name: string, help: string, labelNames: string[], freeLabels: number[]): Family<{ n: number }> {
  return new Family(name, help, "counter", labelNames, freeLabels, MAX_COUNTER_SERIES, () => ({ n: 0 }));
}

function histogramFamily(name: string, help: string, labelNames: string[], freeLabels: number[]): Family<HistogramValue> {
  return new Family(name, help, "histogram", labelNames, freeLabels, MAX_HISTOGRAM_SERIES, () => ({
    buckets: new Array<number>(BUCKET_BOUNDS_MS.length + 1).fill(0),
    sum: 0,
    count: 0,
  }));
}

export function createGatewayMetrics(): GatewayMetrics {
  const requests = counterFamily(
    "luodi_gateway_requests_total",
    "Requests answered by the gateway, by endpoint, deployment, HTTP status and cache status.",
    ["endpoint", "deployment", "status", "cache"],
    [0, 1],
  );
  const requestDuration = histogramFamily(
    "luodi_gateway_request_duration_ms",
    "Time from receiving a request to sending its last byte, in milliseconds.",
    ["endpoint", "stream"],
    [0],
  );
  const tokens = counterFamily(
    "luodi_gateway_tokens_total",
    "Tokens processed, by deployment and direction (input or output).",
    ["deployment", "direction"],
    [0],
  );
  const upstreamRequests = counterFamily(
    "luodi_gateway_upstream_requests_total",
    "Calls to upstream models, retries and fallbacks included, by model and HTTP status (error: network failure or timeout).",
    ["model", "status"],
    [0],
  );
  const upstreamDuration = histogramFamily(
    "luodi_gateway_upstream_duration_ms",
    "Duration of one upstream call, in milliseconds.",
    ["model"],
    [0],
  );
  const rateLimited = counterFamily(
    "luodi_gateway_rate_limited_total",
    "Requests rejected with 429 by an API key limit, by kind (rpm, tpm or budget).",
    ["kind"],
    [],
  );
  for (const kind of ["rpm", "tpm", "budget"] satisfies LimitKind[]) rateLimited.get([kind]);

  const families = [requests, requestDuration, tokens, upstreamRequests, upstreamDuration, rateLimited];

  return {
    observeRequest(observation) {
      const deployment = observation.deployment ?? "none";
      requests.get([observation.endpoint, deployment, statusLabel(observation.status), observation.cache]).n++;
      observe(requestDuration.get([observation.endpoint, observation.stream ? "true" : "false"]), observation.latencyMs);
      addTokens(tokens, deployment, "input", observation.inputTokens);
      addTokens(tokens, deployment, "output", observation.outputTokens);
    },
    observeUpstream(observation) {
      upstreamRequests.get([observation.model, statusLabel(observation.status)]).n++;
      observe(upstreamDuration.get([observation.model]), observation.latencyMs);
    },
    limited(kind) {
      rateLimited.get([kind]).n++;
    },
    render(gauges = {}) {
      const lines: string[] = [];
      for (const family of families) renderFamily(family, lines);
      renderGauges(gauges, lines);
      return `${lines.join("\n")}\n`;
    },
  };
}

function addTokens(tokens: Family<{ n: number }>, deployment: string, direction: string, count: number | null): void {
  if (count !== null && Number.isFinite(count) && count > 0) tokens.get([deployment, direction]).n += count;
}

/** Formats an HTTP status as its number. Anything outside 100–599 becomes "other", and a missing status "error". */
function statusLabel(status: number | null): string {
  if (status === null) return "error";
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : OTHER;
}

function observe(histogram: HistogramValue, latencyMs: number): void {
  const value = Number.isFinite(latencyMs) && latencyMs > 0 ? latencyMs : 0;
  histogram.buckets[SLOT_TO_BUCKET[latencySlot(value)]!]!++;
  histogram.sum += value;
  histogram.count++;
}

function renderFamily(family: Family<{ n: number }> | Family<HistogramValue>, lines: string[]): void {
  lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
  lines.push(`# TYPE ${family.name} ${family.type}`);

  for (const { labels, value } of family.series.values()) {
    const pairs = family.labelNames.map((name, index) => `${name}="${escapeLabelValue(labels[index]!)}"`);
    if ("n" in value) {
      lines.push(`${family.name}${labelBlock(pairs)} ${formatNumber(value.n)}`);
      continue;
    }

    let cumulative = 0;
    for (let bucket = 0; bucket < BUCKET_BOUNDS_MS.length; bucket++) {
      cumulative += value.buckets[bucket]!;
      lines.push(`${family.name}_bucket${labelBlock([...pairs, `le="${BUCKET_BOUNDS_MS[bucket]}"`])} ${cumulative}`);
    }
    lines.push(`${family.name}_bucket${labelBlock([...pairs, `le="+Inf"`])} ${value.count}`);
    lines.push(`${family.name}_sum${labelBlock(pairs)} ${formatNumber(value.sum)}`);
    lines.push(`${family.name}_count${labelBlock(pairs)} ${value.count}`);
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function renderGauges(gauges: Record<string, number>, lines: string[]): void {
  for (const [name, value] of Object.entries(gauges)) {
    if (!METRIC_NAME.test(name)) continue;
    lines.push(`# TYPE ${name} gauge`);
    lines.push(`${name} ${formatNumber(value)}`);
  }
}

function labelBlock(pairs: string[]): string {
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/** Escapes backslash, double quote and line feed in a label value, as the exposition format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
