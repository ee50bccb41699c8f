import { describe, expect, test } from "vitest";
import type { Split } from "@/lib/datasets/model";
import { assignSplits, largestRemainderCounts, type SplitConfig } from "@/lib/datasets/transform/split";

const RATIOS = { train: 0.8, validation: 0.1, test: 0.1 };

function plainRows(count: number): { rowKey: string; labels: string[] }[] {
  return Array.from({ length: count }, (_, index) => ({ rowKey: `r${index}`, labels: [] }));
}

function countSplits(assignment: Map<string, Split>, keys?: string[]): Record<Split, number> {
  const counts: Record<Split, number> = { train: 0, validation: 0, test: 0 };
  for (const key of keys ?? assignment.keys()) counts[assignment.get(key)!]++;
  return counts;
}

describe("assignSplits", () => {
  test("gives exact counts for 1000 rows", () => {
    const assignment = assignSplits(plainRows(1000), { ratios: RATIOS, seed: 1, stratify: false });
    expect(assignment.size).toBe(1000);
    expect(countSplits(assignment)).toEqual({ train: 800, validation: 100, test: 100 });
  });

  test("rounds uneven sizes by largest remainder", () => {
    // Quotas 5.6, 0.7, 0.7: the two largest remainders (0.7) get the two leftover rows.
    expect(countSplits(assignSplits(plainRows(7), { ratios: RATIOS, seed: 1, stratify: false }))).toEqual({
      train: 5,
      validation: 1,
      test: 1,
    });
    expect(largestRemainderCounts(7, [0.8, 0.1, 0.1])).toEqual([5, 1, 1]);
    expect(largestRemainderCounts(9, [0.8, 0.1, 0.1])).toEqual([7, 1, 1]);
    expect(largestRemainderCounts(100, [0.29, 0.71, 0])).toEqual([29, 71, 0]);
    expect(largestRemainderCounts(3, [1 / 3, 1 / 3, 1 / 3])).toEqual([1, 1, 1]);
  });

  test("is deterministic for one seed", () => {
    const config: SplitConfig = { ratios: RATIOS, seed: 42, stratify: false };
    expect([...assignSplits(plainRows(500), config)]).toEqual([...assignSplits(plainRows(500), config)]);
  });

  test("differs between seeds", () => {
    const first = assignSplits(plainRows(500), { ratios: RATIOS, seed: 1, stratify: false });
    const second = assignSplits(plainRows(500), { ratios: RATIOS, seed: 2, stratify: false });
    const moved = [...first].filter(([key, split]) => second.get(key) !== split).length;
    expect(moved).toBeGreaterThan(50);
  });

  test("shuffles rather than cutting in order", () => {
    const assignment = assignSplits(plainRows(1000), { ratios: RATIOS, seed: 7, stratify: false });
    const firstHundred = Array.from({ length: 100 }, (_, index) => assignment.get(`r${index}`));
    expect(firstHundred.filter((split) => split === "train").length).toBeLessThan(100);
  });

  test("allows a zero ratio", () => {
    const assignment = assignSplits(plainRows(10), { ratios: { train: 0.5, validation: 0.5, test: 0 }, seed: 3, stratify: false });
    expect(countSplits(assignment)).toEqual({ train: 5, validation: 5, test: 0 });
  });

  test("handles no rows", () => {
    expect(assignSplits([], { ratios: RATIOS, seed: 1, stratify: true }).size).toBe(0);
  });

  test("rejects ratios that do not sum to 1", () => {
    const config = { ratios: { train: 0.8, validation: 0.1, test: 0.2 }, seed: 1, stratify: false };
    expect(() => assignSplits(plainRows(3), config)).toThrow(RangeError);
    expect(() => assignSplits(plainRows(3), config)).toThrow(/train 0.8 \+ validation 0.1 \+ test 0.2/);
  });

  test("accepts ratios within 1e-6 of 1", () => {
    const config = { ratios: { train: 0.7, validation: 0.2, test: 0.1000005 }, seed: 1, stratify: false };
    expect(assignSplits(plainRows(10), config).size).toBe(10);
  });

  test("rejects negative ratios", () => {
    const config = { ratios: { train: 1.2, validation: -0.1, test: -0.1 }, seed: 1, stratify: false };
    expect(() => assignSplits(plainRows(3), config)).toThrow(RangeError);
  });

  test("rejects a duplicate rowKey", () => {
    const rows = [...plainRows(3), { rowKey: "r1", labels: [] }];
    expect(() => assignSplits(rows, { ratios: RATIOS, seed: 1, stratify: false })).toThrow(/Duplicate rowKey "r1"/);
  });

  test("rejects a fractional seed", () => {
    expect(() => assignSplits(plainRows(3), { ratios: RATIOS, seed: 1.5, stratify: false })).toThrow(RangeError);
  });
});

describe("assignSplits stratified", () => {
  // Strata of 503, 211, 97, 41, 13, 5, 1 rows plus 29 rows without a label: 900 rows in all.
  const sizes: [string | null, number][] = [
    ["酒店", 503],
    ["餐馆", 211],
    ["景点", 97],
    ["地铁", 41],
    ["出租", 13],
    ["天气", 5],
    ["其他", 1],
    [null, 29],
  ];
  const rows: { rowKey: string; labels: string[] }[] = [];
  let index = 0;
  // Interleave the strata so that input order does not group them.
  for (let round = 0; rows.length < 900; round++) {
    for (const [label, size] of sizes) {
      if (round < size) rows.push({ rowKey: `r${index++}`, labels: label === null ? [] : [label, "附加"] });
    }
  }

  for (const seed of [1, 2, 3, 99]) {
    test(`keeps stratum proportions, seed ${seed}`, () => {
      const assignment = assignSplits(rows, { ratios: RATIOS, seed, stratify: true });

      expect(countSplits(assignment)).toEqual({ train: 720, validation: 90, test: 90 });
      for (const [label, size] of sizes) {
        const keys = rows.filter((row) => (row.labels[0] ?? null) === label).map((row) => row.rowKey);
        expect(keys.length).toBe(size);
        const counts = countSplits(assignment, keys);
        for (const split of ["train", "validation", "test"] as const) {
          expect(Math.abs(counts[split] - size * RATIOS[split]), `${label ?? "(none)"} ${split}`).toBeLessThanOrEqual(1);
        }
      }
    });
  }

  test("small strata still reach train", () => {
    const assignment = assignSplits(rows, { ratios: RATIOS, seed: 5, stratify: true });
    const single = rows.find((row) => row.labels[0] === "其他")!;
    expect(assignment.get(single.rowKey)).toBe("train");
  });

  test("exact totals with many tiny strata", () => {
    const tiny = Array.from({ length: 1000 }, (_, i) => ({ rowKey: `t${i}`, labels: [`label-${i % 333}`] }));
    for (const seed of [1, 2, 3]) {
      const assignment = assignSplits(tiny, { ratios: { train: 0.6, validation: 0.25, test: 0.15 }, seed, stratify: true });
      expect(countSplits(assignment)).toEqual({ train: 600, validation: 250, test: 150 });
    }
  });

  test("is deterministic", () => {
    const config: SplitConfig = { ratios: RATIOS, seed: 11, stratify: true };
    expect([...assignSplits(rows, config)]).toEqual([...assignSplits(rows, config)]);
  });
});

describe("assignSplits stratified on random shapes", () => {
  test("totals are exact and every stratum within one row", () => {
    let state = 12345;
    const random = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };

    for (let trial = 0; trial < 200; trial++) {
      const strataCount = 1 + Math.floor(random() * 30);
      const rows: { rowKey: string; labels: string[] }[] = [];
      const sizes = Array.from({ length: strataCount }, () => 1 + Math.floor(random() * (random() < 0.5 ? 5 : 200)));
      sizes.forEach((size, stratum) => {
        for (let i = 0; i < size; i++) rows.push({ rowKey: `${stratum}-${i}`, labels: [`s${stratum}`] });
      });
      const a = random();
      const b = random() * (1 - a);
      const ratios = { train: a, validation: b, test: 1 - a - b };

      const assignment = assignSplits(rows, { ratios, seed: trial, stratify: true });
      const expected = largestRemainderCounts(rows.length, [ratios.train, ratios.validation, ratios.test]);
      const totals = countSplits(assignment);
      expect([totals.train, totals.validation, totals.test], `trial ${trial}`).toEqual(expected);

      sizes.forEach((size, stratum) => {
        const keys = Array.from({ length: size }, (_, i) => `${stratum}-${i}`);
        const counts = countSplits(assignment, keys);
        for (const split of ["train", "validation", "test"] as const) {
          expect(Math.abs(counts[split] - size * ratios[split]), `trial ${trial} stratum ${stratum} ${split}`).toBeLessThanOrEqual(1);
        }
      });
    }
  });
});
