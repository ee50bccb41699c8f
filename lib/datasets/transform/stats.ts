import { CHAT_ROLES, type ChatRole, type DatasetType, type Split } from "@/lib/datasets/model";
import { isChatData, messageText, rowText } from "./fields";
import { createPercentileSample, createTokenHistogram, type TokenHistogramBucket } from "./histogram";
import { detectLanguage, LANGUAGES, type Language } from "./language";
import type { TokenCounter, TransformRow } from "./types";
import { createFingerprintSet } from "./hash-set";

export type { TokenHistogramBucket } from "./histogram";

export type DatasetStats = {
  rows: number;
  perSplit: Record<Split | "none", number>;
  /** The 100 most frequent labels, then one "(other)" entry summing the rest when there are more. */
  labels: { label: string; count: number }[];
  /** Distinct labels. */
  labelCount: number;
  tokenHistogram: TokenHistogramBucket[];
  /** Chat only: per row, the tokens of all messages of one role. Rows without that role are not counted. */
  roleTokenHistograms?: Record<ChatRole, TokenHistogramBucket[]>;
  tokens: { total: number; mean: number; p50: number; p95: number; max: number };
  /** All four languages in a fixed order, including those with count 0. */
  languages: { language: Language; count: number }[];
  /** Rows whose `hash` equals the hash of an earlier row. */
  duplicateRows: number;
  duplicateRate: number;
  reviewed: { accepted: number; rejected: number; unreviewed: number };
};

export type StatsAccumulator = { add(row: TransformRow): void; result(): DatasetStats };

const TOP_LABELS = 100;
export const OTHER_LABELS = "(other)";
// p50 and p95 are exact up to this many rows and sampled estimates beyond.
const PERCENTILE_SAMPLE_SIZE = 10_000;

/**
 * Creates an accumulator of version statistics that takes rows one at a time. `countTokens` is used only
 * for the per-role histograms of chat rows. The overall token figures use each row's stored `tokens`.
 */
export function createStatsAccumulator(type: DatasetType, countTokens: TokenCounter): StatsAccumulator {
  let rows = 0;
  let totalTokens = 0;
  let maxTokens = 0;
  let duplicateRows = 0;
  const perSplit: DatasetStats["perSplit"] = { train: 0, validation: 0, test: 0, none: 0 };
  const reviewed: DatasetStats["reviewed"] = { accepted: 0, rejected: 0, unreviewed: 0 };
  const languages = new Map<Language, number>(LANGUAGES.map((language) => [language, 0]));
  const labelCounts = new Map<string, number>();
  const tokenHistogram = createTokenHistogram();
  const percentileSample = createPercentileSample(PERCENTILE_SAMPLE_SIZE);
  const roleHistograms = type === "chat" ? new Map(CHAT_ROLES.map((role) => [role, createTokenHistogram()])) : null;
  // 64-bit fingerprints of the row hashes: 18 to 36 MB per million distinct rows (see hash-set.ts).
  const seenHashes = createFingerprintSet();

  function add(row: TransformRow): void {
    rows++;
    perSplit[row.split ?? "none"]++;
    reviewed[row.review ?? "unreviewed"]++;
    for (const label of row.labels) labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);

    totalTokens += row.tokens;
    maxTokens = Math.max(maxTokens, row.tokens);
    tokenHistogram.add(row.tokens);
    percentileSample.add(row.tokens);

    const language = detectLanguage(rowText(row.data));
    languages.set(language, languages.get(language)! + 1);

    if (!seenHashes.add(row.hash)) duplicateRows++;

    if (roleHistograms && isChatData(row.data)) {
      const roleTokens = new Map<ChatRole, number>();
      for (const message of row.data.messages) {
        roleTokens.set(message.role, (roleTokens.get(message.role) ?? 0) + countTokens(messageText(message)));
      }
      for (const [role, tokens] of roleTokens) roleHistograms.get(role)?.add(tokens);
    }
  }

  function result(): DatasetStats {
    const [p50, p95] = percentileSample.percentiles([50, 95]);
    const stats: DatasetStats = {
      rows,
      perSplit: { ...perSplit },
      labels: topLabels(labelCounts),
      labelCount: labelCounts.size,
      tokenHistogram: tokenHistogram.buckets(),
      tokens: { total: totalTokens, mean: rows === 0 ? 0 : totalTokens / rows, p50: p50!, p95: p95!, max: maxTokens },
      languages: LANGUAGES.map((language) => ({ language, count: languages.get(language)! })),
      duplicateRows,
      duplicateRate: rows === 0 ? 0 : duplicateRows / rows,
      reviewed: { ...reviewed },
    };
    if (roleHistograms) {
      stats.roleTokenHistograms = {
        system: roleHistograms.get("system")!.buckets(),
        user: roleHistograms.get("user")!.buckets(),
        assistant: roleHistograms.get("assistant")!.buckets(),
      };
    }
    return stats;
  }

  return { add, result };
}

function compareByCountThenLabel(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  if (a[0] === b[0]) return 0;
  return a[0] < b[0] ? -1 : 1;
}

/** Sorts labels by count (then by name, for a stable order) and folds everything after the top 100. */
function topLabels(counts: Map<string, number>): { label: string; count: number }[] {
  const sorted = [...counts].sort(compareByCountThenLabel);
  const top = sorted.slice(0, TOP_LABELS).map(([label, count]) => ({ label, count }));
  const rest = sorted.slice(TOP_LABELS).reduce((sum, [, count]) => sum + count, 0);
  if (sorted.length > TOP_LABELS) top.push({ label: OTHER_LABELS, count: rest });
  return top;
}
