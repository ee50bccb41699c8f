import type { Split } from "@/lib/datasets/model";

/** Recognition of split names such as "train", "val" or "dev". */

const SPLIT_ALIASES = new Map<string, Split>([
  ["train", "train"],
  ["training", "train"],
  ["validation", "validation"],
  ["valid", "validation"],
  ["val", "validation"],
  ["dev", "validation"],
  ["test", "test"],
  ["testing", "test"],
]);

/** Names of a source field that contains the split, compared after normalizeFieldName. */
export const SPLIT_FIELD_NAMES = ["split", "subset", "partition"] as const;

/**
 * Maps a split value to a split. Besides the names above, a compound name whose words name exactly one split
 * maps to it, so CLINC150's "oos_test" is test. Anything else is null.
 */
export function normalizeSplit(value: unknown): Split | null {
  if (typeof value !== "string") {
    return null;
  }
  const name = value.trim().toLowerCase();
  const direct = SPLIT_ALIASES.get(name);
  if (direct !== undefined) {
    return direct;
  }

  const named = new Set<Split>();
  for (const word of name.split(/[^a-z0-9]+/)) {
    const split = SPLIT_ALIASES.get(word);
    if (split !== undefined) {
      named.add(split);
    }
  }
  const [only] = named;
  return named.size === 1 && only !== undefined ? only : null;
}
