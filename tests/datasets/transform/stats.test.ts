import { describe, expect, test } from "vitest";
import type { ChatData, RowData } from "@/lib/datasets/model";
import { detectLanguage } from "@/lib/datasets/transform/language";
import { createStatsAccumulator, OTHER_LABELS } from "@/lib/datasets/transform/stats";
import type { TransformRow } from "@/lib/datasets/transform/types";
import { countTokens, makeRow } from "./rows";

function withTokens(row: TransformRow, tokens: number): TransformRow {
  return { ...row, tokens };
}

/** Returns the histogram bucket label of a token count, computed independently of the product code. */
function bucketLabel(tokens: number): string {
  const bounds = [0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
  const index = bounds.findLastIndex((bound) => tokens >= bound);
  const to = bounds[index + 1];
  return to === undefined ? `${bounds[index]}+` : `${bounds[index]}-${to}`;
}

function bucketCounts(histogram: { bucket: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(histogram.filter((bucket) => bucket.count > 0).map((bucket) => [bucket.bucket, bucket.count]));
}

describe("createStatsAccumulator on classification rows", () => {
  const rows: TransformRow[] = [
    withTokens(makeRow({ text: "我想找一家经济型的酒店，推荐一下。" }, { labels: ["酒店"], split: "train", review: "accepted" }), 10),
    withTokens(makeRow({ text: "Book a table for two tonight, please." }, { labels: ["餐馆"], split: "train" }), 20),
    withTokens(makeRow({ text: "帮我查一下 Starbucks 在 Sanlitun 附近的门店 opening hours" }, { labels: ["餐馆"], split: "test", review: "rejected" }), 40),
    withTokens(makeRow({ text: "我想找一家经济型的酒店，推荐一下。" }, { labels: ["酒店"], split: "validation" }), 100),
    withTokens(makeRow({ text: "12345 !!!" }, { labels: [] }), 20_000),
  ];
  // The fourth row repeats the first with another split, so only equal hashes count as duplicates.
  rows[3] = { ...rows[3]!, hash: rows[0]!.hash };
  const stats = createStatsAccumulator("classification", countTokens);
  for (const row of rows) stats.add(row);
  const result = stats.result();

  test("counts rows, splits and reviews", () => {
    expect(result.rows).toBe(5);
    expect(result.perSplit).toEqual({ train: 2, validation: 1, test: 1, none: 1 });
    expect(result.reviewed).toEqual({ accepted: 1, rejected: 1, unreviewed: 3 });
  });

  test("counts labels by frequency", () => {
    expect(result.labels).toEqual([
      { label: "酒店", count: 2 },
      { label: "餐馆", count: 2 },
    ]);
    expect(result.labelCount).toBe(2);
  });

  test("fills the token histogram", () => {
    expect(bucketCounts(result.tokenHistogram)).toEqual({ "0-16": 1, "16-32": 1, "32-64": 1, "64-128": 1, "16384+": 1 });
    expect(result.tokenHistogram[0]).toEqual({ bucket: "0-16", from: 0, to: 16, count: 1 });
    expect(result.tokenHistogram.at(-1)).toEqual({ bucket: "16384+", from: 16384, to: null, count: 1 });
    expect(result.tokenHistogram.map((bucket) => bucket.bucket)).toEqual([
      "0-16", "16-32", "32-64", "64-128", "128-256", "256-512", "512-1024", "1024-2048", "2048-4096", "4096-8192", "8192-16384", "16384+",
    ]);
  });

  test("summarises tokens", () => {
    expect(result.tokens).toEqual({ total: 20_170, mean: 4034, p50: 40, p95: 20_000, max: 20_000 });
  });

  test("detects languages", () => {
    expect(result.languages).toEqual([
      { language: "zh", count: 2 },
      { language: "en", count: 1 },
      { language: "mixed", count: 1 },
      { language: "other", count: 1 },
    ]);
  });

  test("counts duplicates by hash", () => {
    expect(result.duplicateRows).toBe(1);
    expect(result.duplicateRate).toBeCloseTo(0.2);
  });

  test("omits role histograms", () => {
    expect(result.roleTokenHistograms).toBeUndefined();
  });
});

describe("createStatsAccumulator on chat rows", () => {
  const system = { role: "system" as const, content: "你是一个旅游出行助手。" };
  const chats: ChatData[] = [
    {
      messages: [
        system,
        { role: "user", content: "你好，我想找一家经济型的酒店，推荐一下。" },
        { role: "assistant", content: "锦江之星和7天连锁酒店都是不错的选择哦！" },
      ],
    },
    {
      messages: [
        { role: "user", content: [{ type: "text", text: "这是哪里？" }, { type: "image_url", image_url: { url: "a.png" } }] },
        { role: "assistant", content: "这是天安门广场。".repeat(10) },
        { role: "user", content: "门票多少钱？" },
        { role: "assistant", content: "免费。" },
      ],
    },
  ];
  const stats = createStatsAccumulator("chat", countTokens);
  for (const data of chats) stats.add(makeRow(data));
  const result = stats.result();

  test("builds one histogram per role", () => {
    const roles = result.roleTokenHistograms!;
    expect(bucketCounts(roles.system)).toEqual({ "0-16": 1 });
    expect(Object.values(bucketCounts(roles.user)).reduce((a, b) => a + b, 0)).toBe(2);
    expect(Object.values(bucketCounts(roles.assistant)).reduce((a, b) => a + b, 0)).toBe(2);
  });

  test("sums a role's messages within a row", () => {
    const firstAssistant = countTokens("锦江之星和7天连锁酒店都是不错的选择哦！");
    const secondAssistant = countTokens("这是天安门广场。".repeat(10)) + countTokens("免费。");
    const expected: Record<string, number> = {};
    for (const tokens of [firstAssistant, secondAssistant]) {
      const bucket = bucketLabel(tokens);
      expected[bucket] = (expected[bucket] ?? 0) + 1;
    }

    expect(secondAssistant).toBeGreaterThanOrEqual(32);
    expect(bucketCounts(result.roleTokenHistograms!.assistant)).toEqual(expected);
  });

  test("counts chat rows as Chinese", () => {
    expect(result.languages.find((entry) => entry.language === "zh")?.count).toBe(2);
  });
});

describe("createStatsAccumulator limits", () => {
  test("folds labels after the top 100", () => {
    const stats = createStatsAccumulator("classification", countTokens);
    for (let label = 0; label < 105; label++) {
      const repeats = label < 100 ? 3 : 1;
      for (let i = 0; i < repeats; i++) stats.add(makeRow({ text: "x" } as RowData, { labels: [`label-${label}`] }));
    }
    const result = stats.result();

    expect(result.labels).toHaveLength(101);
    expect(result.labels.at(-1)).toEqual({ label: OTHER_LABELS, count: 5 });
    expect(result.labelCount).toBe(105);
  });

  test("percentiles stay exact up to 10,000 rows", () => {
    const stats = createStatsAccumulator("completion", countTokens);
    for (let i = 1; i <= 10_000; i++) stats.add({ ...makeRow({ prompt: "a", completion: "b" }), tokens: i });
    const { tokens } = stats.result();
    expect(tokens.p50).toBe(5000);
    expect(tokens.p95).toBe(9500);
  });

  test("percentiles are estimated beyond the sample", () => {
    const stats = createStatsAccumulator("completion", countTokens);
    const template = makeRow({ prompt: "a", completion: "b" });
    for (let i = 1; i <= 50_000; i++) stats.add({ ...template, tokens: i });
    const { tokens } = stats.result();
    expect(Math.abs(tokens.p50 - 25_000)).toBeLessThan(1000);
    expect(Math.abs(tokens.p95 - 47_500)).toBeLessThan(500);
    expect(tokens.max).toBe(50_000);
  });

  test("returns zeros without rows", () => {
    const result = createStatsAccumulator("chat", countTokens).result();
    expect(result.rows).toBe(0);
    expect(result.tokens).toEqual({ total: 0, mean: 0, p50: 0, p95: 0, max: 0 });
    expect(result.duplicateRate).toBe(0);
  });
});

describe("detectLanguage", () => {
  test.each([
    ["你好，我想找一家酒店。", "zh"],
    ["我想用 iPhone 订酒店", "zh"],
    ["Please recommend a cheap hotel near the station.", "en"],
    ["推荐 a cheap hotel near the station please", "mixed"],
    ["こんにちは、ホテルを探しています。", "other"],
    ["東京のホテルを探しています", "other"],
    ["Привет, как дела?", "other"],
    ["12345 !!!", "other"],
    ["", "other"],
  ])("%s is %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
