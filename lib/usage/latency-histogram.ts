/**
 * Fixed latency buckets shared by the request-log roll-ups and the gateway's Prometheus histogram.
 * Counts per bucket add up across rows and replicas, so p50/p95 can be read from any sum of roll-ups.
 * Bounds grow by about 25% per step from 1 ms to 10 minutes, so a percentile read from them is off by at
 * most a quarter of its value.
 */

const GROWTH = 1.25;
const FIRST_BOUND_MS = 1;
const LAST_BOUND_MS = 600_000;

function buildBounds(): number[] {
  const bounds: number[] = [];
  for (let bound = FIRST_BOUND_MS; bound < LAST_BOUND_MS; bound *= GROWTH) bounds.push(Math.round(bound * 100) / 100);
  bounds.push(LAST_BOUND_MS);
  return bounds;
}

/** Upper bounds in milliseconds (inclusive); one more slot past the end counts everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = buildBounds();
export const LATENCY_SLOTS = LATENCY_BOUNDS_MS.length + 1;

export function latencySlot(ms: number): number {
  // Binary search: this runs for every logged request.
  let low = 0;
  let high = LATENCY_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ms <= LATENCY_BOUNDS_MS[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_SLOTS).fill(0);
}

/** Adds b into a (arrays of any length; missing slots count as 0). */
export function addHistograms(a: number[], b: readonly number[]): number[] {
  for (let index = 0; index < b.length; index++) a[index] = (a[index] ?? 0) + (b[index] ?? 0);
  return a;
}

/**
 * The q-quantile (0..1) of a histogram, interpolated linearly inside its bucket; null when it is empty.
 * The slot past the last bound reports the last bound.
 */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;

  const rank = q * total;
  let seen = 0;
  for (let slot = 0; slot < histogram.length; slot++) {
    const count = histogram[slot] ?? 0;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const upper = LATENCY_BOUNDS_MS[slot] ?? LAST_BOUND_MS;
      const lower = slot === 0 ? 0 : LATENCY_BOUNDS_MS[slot - 1]!;
      if (slot >= LATENCY_BOUNDS_MS.length) return LAST_BOUND_MS;
      return lower + ((upper - lower) * (rank - seen)) / count;
    }
    seen += count;
  }
  return LAST_BOUND_MS;
}
