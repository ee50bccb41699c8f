import { describe, expect, test } from "vitest";
import { chooseBanding, NearDuplicateIndex } from "@/lib/datasets/transform/lsh";
import { computeSignature, estimateJaccard, prepareShingleText } from "@/lib/datasets/transform/minhash";

const SENTENCE =
  "请帮我推荐一家位于北京市朝阳区的经济型酒店，价格在每晚三百元以内，最好提供免费早餐和免费市内电话，周边有地铁站和评分较高的餐馆，方便我们第二天去故宫和天安门游玩。";
const ONE_CHARACTER_CHANGED = SENTENCE.replace("经济型", "舒济型");
const UNRELATED = "今天上海的天气非常好，气温二十五度，适合出门散步。我们下午打算去外滩看看风景，晚上再去南京路吃小笼包，顺便买一些纪念品带回家给朋友。";

describe("computeSignature", () => {
  test("ignores case, whitespace and punctuation", () => {
    expect(prepareShingleText("Hello, 世界！ A b")).toBe("hello世界ab");
    expect(computeSignature("Hello, 世界！")).toEqual(computeSignature("hello 世界"));
  });

  test("returns null without letters", () => {
    expect(computeSignature("  ，。！ ")).toBeNull();
  });

  test("handles texts shorter than a shingle", () => {
    expect(computeSignature("好")).not.toBeNull();
  });
});

describe("estimateJaccard", () => {
  test("one changed character stays above 0.85", () => {
    expect(ONE_CHARACTER_CHANGED).not.toBe(SENTENCE);
    expect(ONE_CHARACTER_CHANGED.length).toBe(SENTENCE.length);

    const similarity = estimateJaccard(computeSignature(SENTENCE)!, computeSignature(ONE_CHARACTER_CHANGED)!);
    expect(similarity).toBeGreaterThanOrEqual(0.85);
  });

  test("unrelated sentences score low", () => {
    const similarity = estimateJaccard(computeSignature(SENTENCE)!, computeSignature(UNRELATED)!);
    expect(similarity).toBeLessThan(0.2);
  });

  test("identical texts score 1", () => {
    expect(estimateJaccard(computeSignature(SENTENCE)!, computeSignature(SENTENCE)!)).toBe(1);
  });
});

describe("chooseBanding", () => {
  test("uses 10 bands of 6 rows at 0.85", () => {
    expect(chooseBanding(0.85)).toEqual({ bands: 10, rowsPerBand: 6 });
  });

  test("uses fewer rows per band for lower thresholds", () => {
    expect(chooseBanding(0.5).rowsPerBand).toBeLessThan(chooseBanding(0.85).rowsPerBand);
  });
});

describe("NearDuplicateIndex", () => {
  test("finds a stored near duplicate", () => {
    const index = new NearDuplicateIndex(0.85);
    index.add(computeSignature(UNRELATED)!, 0);
    index.add(computeSignature(SENTENCE)!, 0);

    const match = index.findSimilar(computeSignature(ONE_CHARACTER_CHANGED)!, 0);
    expect(match?.index).toBe(1);
    expect(match?.similarity).toBeGreaterThanOrEqual(0.85);
  });

  test("misses unrelated text", () => {
    const index = new NearDuplicateIndex(0.85);
    index.add(computeSignature(SENTENCE)!, 0);
    expect(index.findSimilar(computeSignature(UNRELATED)!, 0)).toBeNull();
  });

  test("matches only within a group", () => {
    const index = new NearDuplicateIndex(0.85);
    index.add(computeSignature(SENTENCE)!, 1);
    expect(index.findSimilar(computeSignature(SENTENCE)!, 2)).toBeNull();
    expect(index.findSimilar(computeSignature(SENTENCE)!, 1)?.similarity).toBe(1);
  });

  test("prefers the earliest of equal matches", () => {
    const index = new NearDuplicateIndex(0.85);
    index.add(computeSignature(SENTENCE)!, 0);
    index.add(computeSignature(SENTENCE)!, 0);
    expect(index.findSimilar(computeSignature(SENTENCE)!, 0)?.index).toBe(0);
  });

  test("grows past one signature chunk", () => {
    const index = new NearDuplicateIndex(0.9);
    for (let i = 0; i < 2500; i++) index.add(computeSignature(`第${i}条：${i * 7919}号样本，内容编号${i}`)!, 0);
    expect(index.size).toBe(2500);
    expect(index.findSimilar(computeSignature("第2100条：16629900号样本，内容编号2100")!, 0)?.index).toBe(2100);
  });

  test("rejects a threshold outside (0, 1]", () => {
    expect(() => new NearDuplicateIndex(0)).toThrow(RangeError);
    expect(() => new NearDuplicateIndex(1.5)).toThrow(RangeError);
  });
});
