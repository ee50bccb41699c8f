import type { DatasetStats, TokenHistogramBucket } from "@/lib/datasets/transform/stats";

/**
 * Version statistics as the charts read them. Every field is optional: versions written before a field
 * existed lack it, drafts have no statistics until they are saved, and a malformed value is dropped
 * rather than breaking the page.
 */
export type PartialStats = {
  rows?: number;
  perSplit?: DatasetStats["perSplit"];
  labels?: DatasetStats["labels"];
  labelCount?: number;
  tokenHistogram?: TokenHistogramBucket[];
  roleTokenHistograms?: DatasetStats["roleTokenHistograms"];
  tokens?: DatasetStats["tokens"];
  languages?: DatasetStats["languages"];
  duplicateRows?: number;
  duplicateRate?: number;
  reviewed?: DatasetStats["reviewed"];
};

/**
 * Label of the entry that sums the labels after the 100 most frequent ones, as lib/datasets/transform/stats.ts
 * writes it. It is repeated here so that client bundles do not import that module.
 */
export const OTHER_LABELS = "(other)";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0;

function readCounts<K extends string>(value: unknown, keys: readonly K[]): Record<K, number> | undefined {
  if (!isRecord(value)) return undefined;
  const result = {} as Record<K, number>;
  for (const key of keys) {
    const count = value[key];
    result[key] = isCount(count) ? count : 0;
  }
  return result;
}

function readHistogram(value: unknown): TokenHistogramBucket[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const buckets = value.filter(
    (bucket): bucket is TokenHistogramBucket =>
      isRecord(bucket) && typeof bucket.bucket === "string" && isCount(bucket.from) && isCount(bucket.count) && (bucket.to === null || isCount(bucket.to)),
  );
  return buckets.length > 0 ? buckets : undefined;
}

/** Reads the `stats` JSON of a version, keeping each field that has the expected shape. */
export function readStats(json: unknown): PartialStats | null {
  if (!isRecord(json)) return null;
  const stats: PartialStats = {};

  if (isCount(json.rows)) stats.rows = json.rows;
  stats.perSplit = readCounts(json.perSplit, ["train", "validation", "test", "none"] as const);
  if (Array.isArray(json.labels)) {
    stats.labels = json.labels.filter((entry): entry is { label: string; count: number } => isRecord(entry) && typeof entry.label === "string" && isCount(entry.count));
  }
  if (isCount(json.labelCount)) stats.labelCount = json.labelCount;
  stats.tokenHistogram = readHistogram(json.tokenHistogram);
  if (isRecord(json.roleTokenHistograms)) {
    const roles = json.roleTokenHistograms;
    const system = readHistogram(roles.system);
    const user = readHistogram(roles.user);
    const assistant = readHistogram(roles.assistant);
    if (system || user || assistant) stats.roleTokenHistograms = { system: system ?? [], user: user ?? [], assistant: assistant ?? [] };
  }
  const tokens = readCounts(json.tokens, ["total", "mean", "p50", "p95", "max"] as const);
  if (tokens && isRecord(json.tokens) && isCount(json.tokens.mean)) stats.tokens = tokens;
  if (Array.isArray(json.languages)) {
    stats.languages = json.languages.filter(
      (entry): entry is DatasetStats["languages"][number] => isRecord(entry) && typeof entry.language === "string" && isCount(entry.count),
    );
  }
  if (isCount(json.duplicateRows)) stats.duplicateRows = json.duplicateRows;
  if (isCount(json.duplicateRate)) stats.duplicateRate = json.duplicateRate;
  else if (stats.duplicateRows !== undefined && stats.rows) stats.duplicateRate = stats.duplicateRows / stats.rows;
  stats.reviewed = readCounts(json.reviewed, ["accepted", "rejected", "unreviewed"] as const);

  return stats;
}

/**
 * Returns the labels to offer in filters and the labelling queue: the dataset's label set when it has one, else the
 * labels counted in the version's statistics, most frequent first, without the "(other)" sum.
 */
export function labelChoices(labelSet: string[], stats: PartialStats | null): string[] {
  if (labelSet.length > 0) return labelSet;
  return (stats?.labels ?? []).map((entry) => entry.label).filter((label) => label !== OTHER_LABELS);
}
