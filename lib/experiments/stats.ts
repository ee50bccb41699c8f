/**
 * Summary statistics of one experiment variant: accuracy with a Wilson 95% interval, latency
 * percentiles, token counts, cost and self-consistency agreement. Pure functions over result rows.
 */

/** z for a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the normal approximation it
 * stays inside [0, 1] and is useful at small n and at 0% or 100%. Returns null when n is 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/** Percentile by linear interpolation between closest ranks (the default of NumPy and R type 7); null for no values. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, fraction));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * weight;
}

/** The result fields a summary reads. */
export type ResultForStats = {
  status: string;
  correct: boolean | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  cost: number | null;
  agreement: number | null;
};

export type VariantSummary = {
  /** Rows with a stored result, scored or failed. */
  rows: number;
  /** Rows whose calls succeeded and were compared with the expected value. */
  scored: number;
  correct: number;
  /** Rows whose call failed after retries; they count neither as right nor as wrong. */
  errors: number;
  /** correct / scored; null before any row is scored. */
  accuracy: number | null;
  /** Wilson 95% interval of the accuracy. */
  ci95: Interval | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Share of scored rows whose token counts Luodi estimated because the provider reported no usage (0..1). */
  estimatedShare: number;
  /** Sum of known costs; null when no row had a price. */
  cost: number | null;
  currency: string | null;
  /** Mean share of self-consistency samples that agreed with the vote; null for single-sample strategies. */
  meanAgreement: number | null;
};

/** Summarises the stored results of one variant. Failed rows count in `errors`, not in the accuracy. */
export function summarizeResults(results: readonly ResultForStats[], currency: string | null): VariantSummary {
  const scored = results.filter((result) => result.status === "ok");
  const correct = scored.filter((result) => result.correct === true).length;
  const latencies = scored.map((result) => result.latencyMs);
  const costs = results.map((result) => result.cost).filter((cost): cost is number => cost !== null);
  const agreements = scored.map((result) => result.agreement).filter((value): value is number => value !== null);

  return {
    rows: results.length,
    scored: scored.length,
    correct,
    errors: results.length - scored.length,
    accuracy: scored.length > 0 ? correct / scored.length : null,
    ci95: wilsonInterval(correct, scored.length),
    latencyP50Ms: roundOrNull(percentile(latencies, 0.5)),
    latencyP95Ms: roundOrNull(percentile(latencies, 0.95)),
    inputTokens: sum(results.map((result) => result.inputTokens)),
    outputTokens: sum(results.map((result) => result.outputTokens)),
    estimatedShare: scored.length > 0 ? scored.filter((result) => result.usageEstimated).length / scored.length : 0,
    cost: costs.length > 0 ? sum(costs) : null,
    currency: costs.length > 0 ? currency : null,
    meanAgreement: agreements.length > 0 ? sum(agreements) / agreements.length : null,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
