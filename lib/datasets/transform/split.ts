import { SPLITS, type Split } from "@/lib/datasets/model";

export type SplitConfig = { ratios: Record<Split, number>; seed: number; stratify: boolean };

type SplitCounts = [train: number, validation: number, test: number];

/**
 * Assigns every row to train, validation or test. The split sizes are exact: the ratios times the row
 * count, rounded by largest remainder. Rows are shuffled with a PRNG seeded by `config.seed`, so the same
 * seed and input order give the same assignment. With `stratify`, rows are grouped by their first label
 * (rows without labels form one more group). Each group is then split in the same proportions within one
 * row per split, while the totals stay exact.
 *
 * Throws a RangeError when the ratios are negative or do not sum to 1 (±1e-6), when the seed is not a
 * safe integer, or when a rowKey repeats.
 */
export function assignSplits(rows: { rowKey: string; labels: string[] }[], config: SplitConfig): Map<string, Split> {
  const ratios = SPLITS.map((split) => config.ratios[split]) as SplitCounts;
  validateRatios(ratios);
  const random = mulberry32(foldSeed(config.seed));

  const strata = new Map<string | null, number[]>();
  rows.forEach((row, index) => {
    const key = config.stratify ? (row.labels[0] ?? null) : null;
    const members = strata.get(key);
    if (members) members.push(index);
    else strata.set(key, [index]);
  });

  const groups = [...strata.values()];
  const counts = allocateCounts(
    groups.map((group) => group.length),
    ratios,
  );

  const assignment = new Map<string, Split>();
  groups.forEach((group, groupIndex) => {
    shuffleInPlace(group, random);
    const [train, validation] = counts[groupIndex]!;
    group.forEach((rowIndex, position) => {
      const rowKey = rows[rowIndex]!.rowKey;
      if (assignment.has(rowKey)) throw new RangeError(`Duplicate rowKey "${rowKey}": every row needs a unique key.`);
      let split: Split = "test";
      if (position < train) split = "train";
      else if (position < train + validation) split = "validation";
      assignment.set(rowKey, split);
    });
  });
  return assignment;
}

function validateRatios(ratios: SplitCounts): void {
  const [train, validation, test] = ratios;
  const description = `train ${train} + validation ${validation} + test ${test}`;
  if (!ratios.every((ratio) => Number.isFinite(ratio) && ratio >= 0)) {
    throw new RangeError(`Split ratios must be non-negative numbers, got ${description}.`);
  }
  const sum = train + validation + test;
  if (Math.abs(sum - 1) > 1e-6) {
    throw new RangeError(`Split ratios must sum to 1, got ${description} = ${sum}.`);
  }
}

/**
 * Rounds `size × ratio` for each split by largest remainder, so the counts sum to `size`. Ties go to the
 * earlier split (train, then validation).
 */
export function largestRemainderCounts(size: number, ratios: SplitCounts): SplitCounts {
  const quotas = ratios.map((ratio) => size * ratio);
  const counts = quotas.map(floorQuota) as SplitCounts;
  let left = size - counts[0] - counts[1] - counts[2];
  const byRemainder = [0, 1, 2].sort((a, b) => quotas[b]! - counts[b]! - (quotas[a]! - counts[a]!) || a - b);
  for (const split of byRemainder) {
    if (left <= 0) break;
    counts[split]!++;
    left--;
  }
  return counts;
}

// Products like 0.29 × 100 = 28.999999999999996 must floor to 29.
function floorQuota(quota: number): number {
  return Math.floor(quota + 1e-9);
}

/**
 * Splits each group's size over the three splits so that the column totals equal the overall
 * largest-remainder counts and every cell is its quota rounded down or up, which keeps it within one row
 * of the quota. Each group starts from its floored quotas, and its 0-2 leftover rows go to distinct
 * splits, preferring those with the largest remainders. Groups with the strongest preference choose
 * first, so a one-row group whose quota is mostly train lands in train. A choice is taken only when the
 * rest can still be completed. With three columns, the Gale–Ryser condition guarantees that as long as no
 * split needs more rows than there are groups left with a row to place.
 */
function allocateCounts(groupSizes: number[], ratios: SplitCounts): SplitCounts[] {
  const total = groupSizes.reduce((sum, size) => sum + size, 0);
  const totals = largestRemainderCounts(total, ratios);

  const quotas = groupSizes.map((size) => ratios.map((ratio) => size * ratio) as SplitCounts);
  const counts = quotas.map((quota) => quota.map(floorQuota) as SplitCounts);
  const needed = [0, 1, 2].map((split) => totals[split]! - counts.reduce((sum, row) => sum + row[split]!, 0)) as SplitCounts;

  const pending = groupSizes
    .map((size, group) => {
      const left = size - counts[group]!.reduce((sum, count) => sum + count, 0);
      const remainders = [0, 1, 2].map((split) => quotas[group]![split]! - counts[group]![split]!);
      const options = left === 0 ? [] : candidateSplitSets(left).sort((a, b) => sumOf(b, remainders) - sumOf(a, remainders));
      const preference = options.length < 2 ? 0 : sumOf(options[0]!, remainders) - sumOf(options[1]!, remainders);
      return { group, options, preference };
    })
    .filter((entry) => entry.options.length > 0)
    .sort((a, b) => b.preference - a.preference || a.group - b.group);

  let groupsLeft = pending.length;
  for (const { group, options } of pending) {
    groupsLeft--;
    const choice = options.find((splits) => {
      if (splits.some((split) => needed[split]! <= 0)) return false;
      return [0, 1, 2].every((split) => needed[split]! - (splits.includes(split) ? 1 : 0) <= groupsLeft);
    });
    if (!choice) throw new Error("Split allocation failed: no split can take the remaining rows of a group.");

    for (const split of choice) {
      counts[group]![split]!++;
      needed[split]!--;
    }
  }
  return counts;
}

// The sets of distinct splits a group can give its 1 or 2 leftover rows to, in split order.
function candidateSplitSets(size: number): number[][] {
  if (size === 1) return [[0], [1], [2]];
  if (size === 2) return [[0, 1], [0, 2], [1, 2]];
  throw new Error(`A group cannot have ${size} leftover rows over three splits.`);
}

function sumOf(splits: number[], values: number[]): number {
  return splits.reduce((sum, split) => sum + values[split]!, 0);
}

function foldSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Split seed must be a safe integer, got ${seed}.`);
  const high = Math.floor(seed / 2 ** 32);
  return (seed ^ Math.imul(high, 0x9e3779b1)) >>> 0;
}

/** mulberry32: a small 32-bit PRNG, good enough for shuffling and fully determined by its seed. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle. */
function shuffleInPlace(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
