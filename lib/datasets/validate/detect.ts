import { CANONICAL_FIELDS, OPTIONAL_FIELDS, type DatasetType, type FieldMapping } from "@/lib/datasets/model";
import {
  FIELD_ALIASES,
  LABEL_ALIASES,
  MESSAGE_LIST_ALIASES,
  PLURAL_LABEL_ALIASES,
  TEXT_ALIASES,
  TYPE_PRIORITY,
} from "./aliases";
import { normalizeFieldName } from "./fields";
import { hasLabel, hasLabelSeparator, hasText, isLabelList, isMessageList } from "./sample-shapes";
import { normalizeSplit, SPLIT_FIELD_NAMES } from "./split";
import type { Detection, DetectionCandidate } from "./types";

/** Source field names by normalized name. The first spelling seen wins. */
type KeyIndex = Map<string, string>;

type Sample = Record<string, unknown>;

/**
 * Guesses the dataset type and field mapping from sample records. `columns` lists header names of tabular
 * files, so that columns empty in every sample still count. Every type whose fields are all found becomes
 * a candidate. Candidates are ranked by the share of samples that fit them, then by TYPE_PRIORITY. When
 * none is complete, the type with the most fields found is returned with a partial mapping and confidence 0.
 */
export function detectDataset(samples: Sample[], columns: string[] = []): Detection {
  const keys = indexKeys(samples, columns);
  const splitKey = findSplitKey(keys, samples);

  const candidates = rankCandidates([
    ...findChatCandidates(keys, samples),
    ...(["preference", "instruction", "completion"] as const).flatMap((type) => findTextCandidate(type, keys, samples)),
    ...findClassificationCandidates(keys, samples),
  ]);
  if (splitKey !== undefined) {
    for (const candidate of candidates) {
      candidate.mapping.split = splitKey;
    }
  }

  const best = candidates[0];
  if (best !== undefined) {
    return { ...best, mapping: { ...best.mapping }, candidates };
  }
  return { ...findPartialMatch(keys, splitKey), candidates };
}

function indexKeys(samples: Sample[], columns: string[]): KeyIndex {
  const keys: KeyIndex = new Map();
  const names = [...columns, ...samples.flatMap((sample) => Object.keys(sample))];
  for (const name of names) {
    const normalized = normalizeFieldName(name);
    if (!keys.has(normalized)) {
      keys.set(normalized, name);
    }
  }
  return keys;
}

function findKey(keys: KeyIndex, aliases: readonly string[], usedKeys: Iterable<string> = []): string | undefined {
  const used = new Set(usedKeys);
  for (const alias of aliases) {
    const key = keys.get(alias);
    if (key !== undefined && !used.has(key)) {
      return key;
    }
  }
  return undefined;
}

/** Returns the share of samples, 0..1, that satisfy `fits`, or 0 without samples. */
function shareOf(samples: Sample[], fits: (sample: Sample) => boolean): number {
  if (samples.length === 0) {
    return 0;
  }
  return samples.filter(fits).length / samples.length;
}

/** Finds a field named like SPLIT_FIELD_NAMES whose values name a split in at least half of the samples. */
function findSplitKey(keys: KeyIndex, samples: Sample[]): string | undefined {
  const key = findKey(keys, SPLIT_FIELD_NAMES);
  if (key === undefined) {
    return undefined;
  }
  const values = samples.map((sample) => sample[key]).filter(hasText);
  const recognized = values.filter((value) => normalizeSplit(String(value)) !== null).length;
  return values.length > 0 && recognized * 2 >= values.length ? key : undefined;
}

/** Builds one candidate per field with message lists: fields with a known name first, then the others. */
function findChatCandidates(keys: KeyIndex, samples: Sample[]): DetectionCandidate[] {
  const named = MESSAGE_LIST_ALIASES.flatMap((alias) => keys.get(alias) ?? []);
  const byValue = [...keys.values()].filter((key) => samples.some((sample) => isMessageList(sample[key])));
  const fields = [...new Set([...named, ...byValue])];

  return fields.map((key) => ({
    type: "chat",
    mapping: { messages: key },
    confidence: shareOf(samples, (sample) => isMessageList(sample[key])),
    multiLabel: false,
  }));
}

/** Builds the candidate of a type made of text fields when each required field has a source field. */
function findTextCandidate(
  type: "preference" | "instruction" | "completion",
  keys: KeyIndex,
  samples: Sample[],
): DetectionCandidate[] {
  const mapping = mapTextFields(type, keys);
  const required = CANONICAL_FIELDS[type].filter((field) => !OPTIONAL_FIELDS[type].includes(field));
  const sources = required.map((field) => mapping[field]);
  if (sources.some((source) => source === undefined)) {
    return [];
  }
  const fits = (sample: Sample) => sources.every((source) => hasText(sample[source as string]));
  return [{ type, mapping, confidence: shareOf(samples, fits), multiLabel: false }];
}

function mapTextFields(type: keyof typeof FIELD_ALIASES, keys: KeyIndex): FieldMapping {
  const mapping: FieldMapping = {};
  for (const [field, aliases] of Object.entries(FIELD_ALIASES[type])) {
    const key = findKey(keys, aliases, Object.values(mapping));
    if (key !== undefined) {
      mapping[field] = key;
    }
  }
  return mapping;
}

/** Builds one classification candidate per label field, each with the first text field found. */
function findClassificationCandidates(keys: KeyIndex, samples: Sample[]): DetectionCandidate[] {
  const text = findKey(keys, TEXT_ALIASES);
  if (text === undefined) {
    return [];
  }
  const labelKeys = LABEL_ALIASES.flatMap((alias) => keys.get(alias) ?? []);

  return labelKeys.map((label) => ({
    type: "classification",
    mapping: { text, label },
    confidence: shareOf(samples, (sample) => hasText(sample[text]) && hasLabel(sample[label])),
    multiLabel: isMultiLabel(label, samples),
  }));
}

/**
 * Decides whether a label field is multi-label: at least half of its values are lists, or its name is
 * plural and some value separates labels with `|` or `;`.
 */
function isMultiLabel(label: string, samples: Sample[]): boolean {
  const values = samples.map((sample) => sample[label]).filter(hasLabel);
  const lists = values.filter(isLabelList).length;
  if (values.length > 0 && lists * 2 >= values.length) {
    return true;
  }
  const plural = PLURAL_LABEL_ALIASES.includes(normalizeFieldName(label));
  return plural && values.some(hasLabelSeparator);
}

function rankCandidates(candidates: DetectionCandidate[]): DetectionCandidate[] {
  return candidates
    .map((candidate, order) => ({ candidate, order }))
    .sort(
      (a, b) =>
        b.candidate.confidence - a.candidate.confidence ||
        TYPE_PRIORITY.indexOf(a.candidate.type) - TYPE_PRIORITY.indexOf(b.candidate.type) ||
        a.order - b.order,
    )
    .map(({ candidate }) => candidate);
}

/** Picks the type with the largest share of its canonical fields found, so the user only completes the mapping. */
function findPartialMatch(keys: KeyIndex, splitKey: string | undefined): Omit<Detection, "candidates"> {
  const partials: { type: DatasetType; mapping: FieldMapping; found: number }[] = [
    mapPartial("chat", { messages: findKey(keys, MESSAGE_LIST_ALIASES) }),
    mapPartial("preference", mapTextFields("preference", keys)),
    mapPartial("instruction", mapTextFields("instruction", keys)),
    mapPartial("completion", mapTextFields("completion", keys)),
    mapPartial("classification", { text: findKey(keys, TEXT_ALIASES), label: findKey(keys, LABEL_ALIASES) }),
  ];
  // The list is in TYPE_PRIORITY order, and reduce keeps the earlier entry on a tie.
  const best = partials.reduce((top, next) => (next.found > top.found ? next : top));
  const mapping = splitKey === undefined ? best.mapping : { ...best.mapping, split: splitKey };
  return { type: best.type, mapping, confidence: 0, multiLabel: false };
}

function mapPartial(
  type: DatasetType,
  fields: Record<string, string | undefined>,
): { type: DatasetType; mapping: FieldMapping; found: number } {
  const mapping: FieldMapping = {};
  for (const [field, key] of Object.entries(fields)) {
    if (key !== undefined) {
      mapping[field] = key;
    }
  }
  const found = Object.keys(mapping).length / CANONICAL_FIELDS[type].length;
  return { type, mapping, found };
}
