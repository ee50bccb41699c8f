import { describe, expect, test } from "vitest";
import { normalizeFullWidth, normalizeWhitespace } from "@/lib/datasets/transform/normalize";

describe("normalizeWhitespace", () => {
  test("trims and collapses spaces and tabs", () => {
    expect(normalizeWhitespace("  你好，   世界\t\t！ ")).toBe("你好， 世界 ！");
  });

  test("unifies line endings", () => {
    expect(normalizeWhitespace("第一行\r\n第二行\r第三行\u2028第四行")).toBe("第一行\n第二行\n第三行\n第四行");
  });

  test("drops trailing spaces of each line", () => {
    expect(normalizeWhitespace("a  \nb\t\n c")).toBe("a\nb\n c");
  });

  test("keeps indentation at line start", () => {
    const code = "def f():\n    return  1";
    expect(normalizeWhitespace(code)).toBe("def f():\n    return 1");
  });

  test("drops zero-width characters", () => {
    expect(normalizeWhitespace("北\u200B京\uFEFF欢\u200C迎\u2060你")).toBe("北京欢迎你");
  });

  test("drops a stray joiner but keeps emoji sequences", () => {
    expect(normalizeWhitespace("程\u200D序员")).toBe("程序员");
    expect(normalizeWhitespace("我是👩\u200D💻")).toBe("我是👩\u200D💻");
  });

  test("collapses no-break spaces", () => {
    expect(normalizeWhitespace("a\u00A0\u00A0b")).toBe("a b");
  });

  test("leaves clean text unchanged", () => {
    const text = "酒店的电话是010-81528822。";
    expect(normalizeWhitespace(text)).toBe(text);
  });
});

describe("normalizeFullWidth", () => {
  test("converts letters and digits", () => {
    expect(normalizeFullWidth("ＡＢＣｘｙｚ０１２９")).toBe("ABCxyz0129");
  });

  test("converts the ideographic space", () => {
    expect(normalizeFullWidth("你好\u3000世界")).toBe("你好 世界");
  });

  test("converts symbols used in addresses and numbers", () => {
    expect(normalizeFullWidth("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("zhang@example．com");
    expect(normalizeFullWidth("１３８－１２３４")).toBe("138-1234");
  });

  test("keeps Chinese punctuation", () => {
    const text = "好的，谢谢。真的吗！？时间：明天；「引号」（括号）～";
    expect(normalizeFullWidth(text)).toBe(text);
  });
});
