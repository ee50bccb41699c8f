import type { RowData } from "@/lib/datasets/model";
import { hashRowContent, isEmptyRow, nearDuplicateText } from "./content";
import { countRowTokens, mapTextFields } from "./fields";
import { NearDuplicateIndex } from "./lsh";
import { computeSignature, hashString } from "./minhash";
import { normalizeFullWidth, normalizeWhitespace } from "./normalize";
import { PII_KINDS, scrubPii, type PiiKind } from "./pii";
import type { TokenCounter, TransformRow } from "./types";

export type CleanConfig = {
  dedupeExact: boolean;
  /** `threshold` is the estimated Jaccard similarity of character 3-gram sets, in (0, 1]. */
  nearDuplicates: { enabled: boolean; threshold: number };
  dropEmpty: boolean;
  minTokens: number | null;
  maxTokens: number | null;
  /** Whether to trim, collapse runs of spaces and tabs, unify line endings and drop zero-width characters. */
  normalizeWhitespace: boolean;
  /** Whether to map full-width letters, digits and U+3000 to ASCII. Chinese punctuation such as ，。！？ stays. */
  normalizeFullWidth: boolean;
  scrubPii: Record<PiiKind, boolean>;
};

/**
 * Defaults for a new cleaning run. Landlines are not scrubbed by default because the landlines in
 * datasets are mostly published business numbers (hotels, shops) that responses need to quote.
 */
export const defaultCleanConfig: CleanConfig = {
  dedupeExact: true,
  nearDuplicates: { enabled: true, threshold: 0.85 },
  dropEmpty: true,
  minTokens: null,
  maxTokens: null,
  normalizeWhitespace: true,
  normalizeFullWidth: true,
  scrubPii: { mobile: true, idCard: true, bankCard: true, landline: false, email: true },
};

export const DROP_REASONS = ["exact_duplicate", "near_duplicate", "empty", "too_short", "too_long"] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const CHANGE_KINDS = ["whitespace", "full_width", "pii"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One changed text value. `field` is a path such as `output` or `messages[1].content`. */
export type CleanChange = { kind: ChangeKind; field: string; before: string; after: string; pii?: PiiKind[] };

export type CleanDecision =
  | { action: "keep" }
  | { action: "drop"; reason: DropReason; duplicateOf?: string; similarity?: number }
  | { action: "modify"; data: RowData; tokens: number; changes: CleanChange[] };

export type CleanSummary = {
  rows: number;
  actions: Record<CleanDecision["action"], number>;
  dropReasons: Record<DropReason, number>;
  /** Changed text values per kind of change, in rows that were not dropped. */
  changes: Record<ChangeKind, number>;
  /** Replaced occurrences per kind of personal data, in rows that were not dropped. */
  pii: Record<PiiKind, number>;
};

export type Cleaner = { decide(row: TransformRow): CleanDecision; summary(): CleanSummary };

/**
 * Creates a cleaner that decides rows one at a time, in the order given. Per row it normalises the text,
 * scrubs personal data, recounts tokens if anything changed, applies the empty and length filters and
 * then drops exact and near duplicates of rows kept earlier. The first occurrence is kept. Memory grows
 * per kept row by one content hash with its rowKey and one 256-byte signature with its LSH bucket entries.
 */
export function createCleaner(config: CleanConfig, countTokens: TokenCounter): Cleaner {
  validateConfig(config);
  const summary = emptySummary();
  const firstRowByHash = new Map<string, string>();
  const nearIndex = config.nearDuplicates.enabled ? new NearDuplicateIndex(config.nearDuplicates.threshold) : null;
  const nearIndexRowKeys: string[] = [];

  function record(decision: CleanDecision): CleanDecision {
    summary.rows++;
    summary.actions[decision.action]++;
    if (decision.action === "drop") summary.dropReasons[decision.reason]++;
    if (decision.action === "modify") {
      for (const change of decision.changes) summary.changes[change.kind]++;
    }
    return decision;
  }

  function decide(row: TransformRow): CleanDecision {
    const changes: CleanChange[] = [];
    const piiCounts = emptySummary().pii;
    const data = normalizeRowText(row.data, config, changes, piiCounts);
    const tokens = changes.length > 0 ? countRowTokens(data, countTokens) : row.tokens;

    if (config.dropEmpty && isEmptyRow(data)) return record({ action: "drop", reason: "empty" });
    if (config.minTokens !== null && tokens < config.minTokens) return record({ action: "drop", reason: "too_short" });
    if (config.maxTokens !== null && tokens > config.maxTokens) return record({ action: "drop", reason: "too_long" });

    const contentHash = config.dedupeExact ? hashRowContent(data, row.labels) : null;
    if (contentHash !== null) {
      const duplicateOf = firstRowByHash.get(contentHash);
      if (duplicateOf !== undefined) return record({ action: "drop", reason: "exact_duplicate", duplicateOf });
    }

    const signature = nearIndex ? computeSignature(nearDuplicateText(data)) : null;
    const labelGroup = hashString([...row.labels].sort().join("\u0000"));
    if (nearIndex && signature) {
      const match = nearIndex.findSimilar(signature, labelGroup);
      if (match) {
        const duplicateOf = nearIndexRowKeys[match.index]!;
        return record({ action: "drop", reason: "near_duplicate", duplicateOf, similarity: match.similarity });
      }
    }

    // Only kept rows are remembered, so `duplicateOf` always names a row that stays.
    if (contentHash !== null) firstRowByHash.set(contentHash, row.rowKey);
    if (nearIndex && signature) {
      nearIndex.add(signature, labelGroup);
      nearIndexRowKeys.push(row.rowKey);
    }

    if (changes.length === 0) return record({ action: "keep" });
    for (const kind of PII_KINDS) summary.pii[kind] += piiCounts[kind];
    return record({ action: "modify", data, tokens, changes });
  }

  return { decide, summary: () => structuredClone(summary) };
}

/** Applies full-width, whitespace and PII rules to every text value, appending one change per value and rule. */
function normalizeRowText(
  data: RowData,
  config: CleanConfig,
  changes: CleanChange[],
  piiCounts: Record<PiiKind, number>,
): RowData {
  const scrubAny = PII_KINDS.some((kind) => config.scrubPii[kind]);

  return mapTextFields(data, (original, field) => {
    let text = original;
    // Full-width first, so an ideographic space that becomes ASCII is then collapsed like any other.
    if (config.normalizeFullWidth) {
      const after = normalizeFullWidth(text);
      if (after !== text) changes.push({ kind: "full_width", field, before: text, after });
      text = after;
    }
    if (config.normalizeWhitespace) {
      const after = normalizeWhitespace(text);
      if (after !== text) changes.push({ kind: "whitespace", field, before: text, after });
      text = after;
    }
    if (scrubAny) {
      const scrubbed = scrubPii(text, config.scrubPii);
      if (scrubbed.text !== text) {
        changes.push({ kind: "pii", field, before: text, after: scrubbed.text, pii: scrubbed.kinds });
        for (const kind of scrubbed.kinds) piiCounts[kind] += scrubbed.counts[kind] ?? 0;
      }
      text = scrubbed.text;
    }
    return text;
  });
}

function validateConfig(config: CleanConfig): void {
  for (const [name, value] of [
    ["minTokens", config.minTokens],
    ["maxTokens", config.maxTokens],
  ] as const) {
    if (value !== null && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`${name} must be a non-negative integer or null, got ${value}.`);
    }
  }
  if (config.minTokens !== null && config.maxTokens !== null && config.minTokens > config.maxTokens) {
    throw new RangeError(`minTokens (${config.minTokens}) must not exceed maxTokens (${config.maxTokens}).`);
  }
}

function emptySummary(): CleanSummary {
  return {
    rows: 0,
    actions: { keep: 0, drop: 0, modify: 0 },
    dropReasons: { exact_duplicate: 0, near_duplicate: 0, empty: 0, too_short: 0, too_long: 0 },
    changes: { whitespace: 0, full_width: 0, pii: 0 },
    pii: { mobile: 0, idCard: 0, bankCard: 0, landline: 0, email: 0 },
  };
}
