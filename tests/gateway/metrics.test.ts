import { describe, expect, it } from "vitest";
import { createGatewayMetrics, escapeLabelValue, type RequestObservation } from "@/lib/gateway/metrics";

type Sample = { name: string; labels: Record<string, string>; value: number };

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/y;

/**
 * Parses Prometheus text exposition (0.0.4) strictly enough to catch malformed output: every line is a
 * HELP/TYPE comment or `name{labels} value`, label values use only the three allowed escapes, and every
 * sample belongs to a family declared by a TYPE line before it.
 */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  expect(text.endsWith("\n")).toBe(true);
  const samples: Sample[] = [];
  const types = new Map<string, string>();

  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("# HELP ")) continue;
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      expect(["counter", "gauge", "histogram"]).toContain(type);
      types.set(name!, type!);
      continue;
    }

    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`malformed exposition line: ${JSON.stringify(line)}`);
    const [, name, , labelText, valueText] = match;
    const family = name!.replace(/_(bucket|sum|count)$/, "");
    if (!types.has(name!) && !types.has(family)) throw new Error(`sample before its TYPE line: ${line}`);

    samples.push({ name: name!, labels: parseLabels(labelText ?? ""), value: parseValue(valueText!) });
  }
  return { samples, types };
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL_PAIR.lastIndex = 0;
  while (LABEL_PAIR.lastIndex < text.length) {
    const match = LABEL_PAIR.exec(text);
    if (!match) throw new Error(`malformed labels: ${text}`);
    labels[match[1]!] = match[2]!.replace(/\\(\\|"|n)/g, (_, escaped: string) => (escaped === "n" ? "\n" : escaped));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`malformed sample value: ${text}`);
  return value;
}

function find(samples: Sample[], name: string, labels: Record<string, string>): Sample | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

function request(overrides: Partial<RequestObservation> = {}): RequestObservation {
  return {
    endpoint: "chat.completions",
    deployment: "support-chat",
    status: 200,
    latencyMs: 42,
    cache: "miss",
    inputTokens: 10,
    outputTokens: 5,
    stream: false,
    ...overrides,
  };
}

describe("gateway metrics", () => {
  it("renders counters, histograms and gauges that parse", () => {
    const metrics = createGatewayMetrics();
    metrics.observeRequest(request());
    metrics.observeRequest(request({ latencyMs: 3, cache: "hit", outputTokens: null }));
    metrics.observeRequest(request({ status: 429, latencyMs: 1, inputTokens: null, outputTokens: null, stream: true }));
    metrics.observeUpstream({ model: "model-a", status: 500, latencyMs: 120 });
    metrics.observeUpstream({ model: "model-a", status: null, latencyMs: 60_000 });
    metrics.limited("tpm");
    metrics.limited("tpm");

    const { samples, types } = parseExposition(metrics.render({ luodi_gateway_in_flight: 3, luodi_gateway_log_buffered: 0 }));

    expect(types.get("luodi_gateway_requests_total")).toBe("counter");
    expect(types.get("luodi_gateway_request_duration_ms")).toBe("histogram");
    expect(types.get("luodi_gateway_in_flight")).toBe("gauge");
    expect(find(samples, "luodi_gateway_requests_total", { deployment: "support-chat", status: "200", cache: "miss" })?.value).toBe(1);
    expect(find(samples, "luodi_gateway_requests_total", { status: "200", cache: "hit" })?.value).toBe(1);
    expect(find(samples, "luodi_gateway_requests_total", { status: "429" })?.value).toBe(1);
    expect(find(samples, "luodi_gateway_tokens_total", { direction: "input" })?.value).toBe(20);
    expect(find(samples, "luodi_gateway_tokens_total", { direction: "output" })?.value).toBe(5);
    expect(find(samples, "luodi_gateway_upstream_requests_total", { model: "model-a", status: "500" })?.value).toBe(1);
    expect(find(samples, "luodi_gateway_upstream_requests_total", { model: "model-a", status: "error" })?.value).toBe(1);
    expect(find(samples, "luodi_gateway_rate_limited_total", { kind: "tpm" })?.value).toBe(2);
    expect(find(samples, "luodi_gateway_rate_limited_total", { kind: "rpm" })?.value).toBe(0);
    expect(find(samples, "luodi_gateway_in_flight", {})?.value).toBe(3);
  });

  it("keeps histogram buckets cumulative", () => {
    const metrics = createGatewayMetrics();
    for (const latencyMs of [0.5, 3, 42, 42, 900, 700_000]) metrics.observeRequest(request({ latencyMs }));

    const { samples } = parseExposition(metrics.render());
    const buckets = samples.filter((sample) => sample.name === "luodi_gateway_request_duration_ms_bucket" && sample.labels.stream === "false");
    const bounds = buckets.map((sample) => Number(sample.labels.le === "+Inf" ? Infinity : sample.labels.le));

    expect(bounds.at(-1)).toBe(Infinity);
    for (let i = 1; i < buckets.length; i++) {
      expect(bounds[i]).toBeGreaterThan(bounds[i - 1]!);
      expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    }
    expect(buckets.at(-1)!.value).toBe(6);
    expect(buckets.at(-2)!.value).toBe(5);
    expect(find(samples, "luodi_gateway_request_duration_ms_count", { stream: "false" })?.value).toBe(6);
    expect(find(samples, "luodi_gateway_request_duration_ms_sum", { stream: "false" })?.value).toBeCloseTo(700_987.5);
    // Each observation lands in the first bucket whose bound is at least its value.
    for (const [latencyMs, expectedAtLeast] of [[0.5, 1], [3, 2], [42, 4], [900, 5]] as const) {
      const firstCovering = buckets.find((_, i) => bounds[i]! >= latencyMs)!;
      expect(firstCovering.value, `bucket covering ${latencyMs} ms`).toBeGreaterThanOrEqual(expectedAtLeast);
    }
  });

  it("escapes label values", () => {
    const metrics = createGatewayMetrics();
    const awkward = 'say "hi"\\ then\nnewline';
    metrics.observeRequest(request({ endpoint: awkward }));

    const text = metrics.render();
    const { samples } = parseExposition(text);

    expect(text).toContain('endpoint="say \\"hi\\"\\\\ then\\nnewline"');
    expect(find(samples, "luodi_gateway_requests_total", { endpoint: awkward })?.value).toBe(1);
    expect(escapeLabelValue("a\\b")).toBe("a\\\\b");
  });

  it("folds series past the cap into other", () => {
    const metrics = createGatewayMetrics();
    for (let i = 0; i < 1500; i++) metrics.observeRequest(request({ deployment: `deployment-${i}` }));
    for (let i = 0; i < 300; i++) metrics.observeUpstream({ model: `model-${i}`, status: 200, latencyMs: 10 });

    const { samples } = parseExposition(metrics.render());
    const requestSeries = samples.filter((sample) => sample.name === "luodi_gateway_requests_total");
    const folded = find(samples, "luodi_gateway_requests_total", { deployment: "other", endpoint: "other" });
    const total = requestSeries.reduce((sum, sample) => sum + sample.value, 0);

    expect(requestSeries.length).toBeLessThanOrEqual(1001);
    expect(folded?.value).toBe(500);
    expect(total).toBe(1500);
    const upstreamHistograms = new Set(
      samples.filter((sample) => sample.name === "luodi_gateway_upstream_duration_ms_count").map((sample) => sample.labels.model),
    );
    expect(upstreamHistograms.size).toBeLessThanOrEqual(101);
    expect(upstreamHistograms.has("other")).toBe(true);
  });

  it("labels odd statuses and skips invalid gauge names", () => {
    const metrics = createGatewayMetrics();
    metrics.observeRequest(request({ status: 999, deployment: null }));

    const { samples } = parseExposition(metrics.render({ "bad name": 1, "luodi_gateway_ok": Number.NaN }));

    expect(find(samples, "luodi_gateway_requests_total", { status: "other", deployment: "none" })?.value).toBe(1);
    expect(samples.some((sample) => sample.name.includes("bad"))).toBe(false);
    expect(find(samples, "luodi_gateway_ok", {})?.value).toBeNaN();
  });
});
