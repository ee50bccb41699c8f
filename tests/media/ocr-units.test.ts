import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { OCR_ERROR_MESSAGES, ocrErrorCodeOf } from "@/lib/media/ocr-errors";
import { buildStoredText } from "@/lib/media/ocr-job";
import { characterAccuracy, editDistance } from "@/lib/media/ocr/accuracy";
import { mapPointToOriginal } from "@/lib/media/ocr/geometry";
import { chooseRotation, needsRotationSearch, summarizePass, type PassSummary } from "@/lib/media/ocr/orientation";
import type { OcrLine, PageRotation } from "@/lib/media/ocr/types";

// Pure parts of OCR: the accuracy measure, box mapping, the rotation rule and PII masking of results.

describe("characterAccuracy", () => {
  it("ignores whitespace and full-width forms", () => {
    expect(characterAccuracy("票价 ¥73.00 元：", "票价￥73.00元:")).toBe(1);
  });

  it("counts edits against the expected length", () => {
    expect(characterAccuracy("我是中国人", "我是中人")).toBeCloseTo(0.8);
    expect(characterAccuracy("我是中国人", "我是中国人啊")).toBeCloseTo(0.8);
    expect(characterAccuracy("abc", "xyz")).toBe(0);
  });

  it("clamps long garbage at zero", () => {
    expect(characterAccuracy("ab", "0123456789")).toBe(0);
  });

  it("handles empty expected text", () => {
    expect(characterAccuracy("", "")).toBe(1);
    expect(characterAccuracy(" ", "x")).toBe(0);
  });

  it("measures edit distance by code point", () => {
    expect(editDistance([..."𠀀a"], [..."a"])).toBe(1);
    expect(editDistance([..."kitten"], [..."sitting"])).toBe(3);
  });
});

describe("mapPointToOriginal", () => {
  // A 400 × 100 original; the point (10, 20) in it, seen in each rotated copy at scale 0.5.
  const width = 400;
  const height = 100;
  const cases: [PageRotation, [number, number]][] = [
    [0, [5, 10]],
    [90, [40, 5]], // turned clockwise: x' = (height − y) × scale, y' = x × scale
    [180, [195, 40]],
    [270, [10, 195]],
  ];

  for (const [rotation, seen] of cases) {
    it(`maps back from ${rotation}°`, () => {
      expect(mapPointToOriginal(seen, rotation, 0.5, width, height)).toEqual([10, 20]);
    });
  }

  it("clamps points outside the image", () => {
    expect(mapPointToOriginal([-3, 900], 0, 1, width, height)).toEqual([0, 100]);
  });
});

describe("rotation rule", () => {
  const pass = (rotation: PageRotation, score: number, extra: Partial<PassSummary> = {}): PassSummary => ({
    rotation, characters: 20, meanConfidence: 0.95, detected: 4, flipped: 0, tall: 0, score, ...extra,
  });

  it("keeps a confident first pass without searching", () => {
    expect(needsRotationSearch(pass(0, 19))).toBe(false);
  });

  it("searches after a weak, flipped or sideways first pass", () => {
    expect(needsRotationSearch(pass(0, 10, { meanConfidence: 0.6 }))).toBe(true);
    expect(needsRotationSearch(pass(0, 2, { characters: 2 }))).toBe(true);
    expect(needsRotationSearch(pass(0, 19, { flipped: 3 }))).toBe(true);
    expect(needsRotationSearch(pass(0, 19, { tall: 3 }))).toBe(true);
  });

  it("keeps a weak first pass unless another beats it by the margin", () => {
    const first = pass(0, 10, { meanConfidence: 0.7 });
    expect(chooseRotation([first, pass(180, 10.5), pass(90, 3), pass(270, 3)]).rotation).toBe(0);
    expect(chooseRotation([first, pass(180, 12), pass(90, 3), pass(270, 3)]).rotation).toBe(180);
  });

  it("takes the best score after a geometric signal", () => {
    const first = pass(0, 10, { flipped: 4 });
    expect(chooseRotation([first, pass(180, 10.5), pass(90, 1), pass(270, 1)]).rotation).toBe(180);
  });

  it("keeps the earlier rotation on a near tie", () => {
    const first = pass(0, 1, { meanConfidence: 0.5 });
    expect(chooseRotation([first, pass(180, 10), pass(90, 10.1), pass(270, 3)]).rotation).toBe(180);
  });

  it("scores a pass with turned lines lower", () => {
    const lines = [{ text: "我是中国人", confidence: 1 }];
    const upright = summarizePass(0, lines, { detected: 1, flipped: 0, tall: 0 });
    const turned = summarizePass(90, lines, { detected: 1, flipped: 1, tall: 0 });
    expect(upright.score).toBe(5);
    expect(turned.score).toBeLessThan(upright.score);
  });
});

describe("buildStoredText", () => {
  const box: OcrLine["box"] = [[0, 0], [10, 0], [10, 5], [0, 5]];
  const lines: OcrLine[] = [
    { text: "电话 13812345678", confidence: 0.9, box },
    { text: "身份证 11010519491231002X", confidence: 0.7, box },
  ];

  it("masks text and box texts", () => {
    const stored = buildStoredText(lines, false);
    expect(stored.text).toBe("电话 [PHONE]\n身份证 [ID_NUMBER]");
    expect(stored.boxes.map((line) => line.text)).toEqual(["电话 [PHONE]", "身份证 [ID_NUMBER]"]);
    expect(stored.confidence).toBeCloseTo(0.8);
  });

  it("masks a number printed in groups", () => {
    const grouped: OcrLine[] = [{ text: "手机 138 1234 5678", confidence: 1, box }];
    expect(buildStoredText(grouped, false).text).toBe("手机 [PHONE]");
  });

  it("keeps raw text when allowed", () => {
    const stored = buildStoredText(lines, true);
    expect(stored.text).toContain("13812345678");
    expect(stored.boxes[1]!.text).toContain("11010519491231002X");
  });

  it("stores no confidence for an image without text", () => {
    expect(buildStoredText([], false)).toEqual({ text: "", boxes: [], confidence: null });
  });
});

describe("OCR error messages", () => {
  const readMessages = async (locale: string) =>
    JSON.parse(await readFile(new URL(`../../messages/${locale}/mediaOcr.json`, import.meta.url), "utf8")) as { errors: Record<string, string> };

  it("match the English message file", async () => {
    expect((await readMessages("en")).errors).toEqual(OCR_ERROR_MESSAGES);
  });

  it("have a Chinese text for every code", async () => {
    const chinese = (await readMessages("zh-CN")).errors;
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(OCR_ERROR_MESSAGES).sort());
    for (const text of Object.values(chinese)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it("map a stored message back to its code", () => {
    expect(ocrErrorCodeOf(OCR_ERROR_MESSAGES.timeout)).toBe("timeout");
    expect(ocrErrorCodeOf("something else")).toBeNull();
    expect(ocrErrorCodeOf(null)).toBeNull();
  });
});
