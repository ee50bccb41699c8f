import type { TokenHistogramBucket } from "@/lib/datasets/transform/stats";
import { OTHER_LABELS, type PartialStats } from "./stats-data";

/**
 * One category of a chart with the value of the primary version (`a`) and, when comparing, of the second
 * version (`b`). A value is undefined where that version's statistics lack the field.
 */
export type SeriesPoint = { key: string; a: number | undefined; b: number | undefined };

export const SPLIT_KEYS = ["train", "validation", "test", "none"] as const;
export const OTHERS_KEY = "__others__";

/** Returns the rows per split, in the fixed order train, validation, test, none. */
export function splitSeries(a: PartialStats | null, b: PartialStats | null): SeriesPoint[] {
  if (!a?.perSplit && !b?.perSplit) return [];
  return SPLIT_KEYS.map((key) => ({ key, a: a?.perSplit?.[key], b: b?.perSplit?.[key] }));
}

/**
 * Returns the `limit` most frequent labels of the primary version (of the second one when the primary has none),
 * with both versions' counts, then one OTHERS_KEY entry that sums every other label, "(other)" included.
 */
export function labelSeries(a: PartialStats | null, b: PartialStats | null, limit = 30): SeriesPoint[] {
  const lead = a?.labels?.length ? a.labels : (b?.labels ?? []);
  if (lead.length === 0) return [];

  const top = lead.filter((entry) => entry.label !== OTHER_LABELS).slice(0, limit);
  const countIn = (stats: PartialStats | null) => new Map((stats?.labels ?? []).map((entry) => [entry.label, entry.count]));
  const countsA = countIn(a);
  const countsB = countIn(b);
  const points: SeriesPoint[] = top.map(({ label }) => ({
    key: label,
    a: a?.labels ? (countsA.get(label) ?? 0) : undefined,
    b: b?.labels ? (countsB.get(label) ?? 0) : undefined,
  }));

  const othersOf = (stats: PartialStats | null, counts: Map<string, number>) => {
    if (!stats?.labels) return undefined;
    const all = stats.labels.reduce((sum, entry) => sum + entry.count, 0);
    return all - top.reduce((sum, { label }) => sum + (counts.get(label) ?? 0), 0);
  };
  const others = { key: OTHERS_KEY, a: othersOf(a, countsA), b: othersOf(b, countsB) };
  if ((others.a ?? 0) > 0 || (others.b ?? 0) > 0) points.push(others);
  return points;
}

/** Merges the buckets of two token histograms by bucket name, in ascending token order. */
export function histogramSeries(a: TokenHistogramBucket[] | undefined, b: TokenHistogramBucket[] | undefined): SeriesPoint[] {
  const buckets = new Map<string, { from: number; a?: number; b?: number }>();
  for (const bucket of a ?? []) buckets.set(bucket.bucket, { from: bucket.from, a: bucket.count });
  for (const bucket of b ?? []) buckets.set(bucket.bucket, { ...(buckets.get(bucket.bucket) ?? { from: bucket.from }), b: bucket.count });

  return [...buckets.entries()]
    .sort(([, x], [, y]) => x.from - y.from)
    .map(([key, value]) => ({ key, a: a ? (value.a ?? 0) : undefined, b: b ? (value.b ?? 0) : undefined }));
}

/** Drops leading and trailing buckets that are empty in both versions, so the bars fill the chart. */
export function trimEmptyBuckets(points: SeriesPoint[]): SeriesPoint[] {
  const filled = (point: SeriesPoint) => (point.a ?? 0) > 0 || (point.b ?? 0) > 0;
  const first = points.findIndex(filled);
  if (first < 0) return [];
  const last = points.findLastIndex(filled);
  return points.slice(first, last + 1);
}

/** Returns each language's share of rows, 0 to 1, for one version, or nothing when the version has no language counts. */
export function languageShares(stats: PartialStats | null): { language: string; count: number; share: number }[] {
  const languages = stats?.languages ?? [];
  const total = languages.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return [];
  return languages.map((entry) => ({ language: entry.language, count: entry.count, share: entry.count / total }));
}
