import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, test } from "vitest";
import { countTokens } from "@/lib/datasets/validate";

describe("countTokens", () => {
  test("matches o200k_base encode", () => {
    const texts = ["", "Hello, world!", "你好，我想找一家经济型的酒店，推荐一下。", "def f(x):\n    return x * 2\n", "🙂 emoji"];
    for (const text of texts) {
      expect(countTokens(text), text).toBe(encode(text).length);
    }
  });

  test("special tokens counted as text", () => {
    const text = "before <|endoftext|> after";

    expect(() => countTokens(text)).not.toThrow();
    expect(countTokens(text)).toBeGreaterThan(3);
  });

  test("exact on long punctuated text", () => {
    const text = "北京的景点很多，餐馆也不少。 Hotels are cheap, taxis too!\n".repeat(2_500);

    expect(text.length).toBeGreaterThan(100_000);
    expect(countTokens(text)).toBe(encode(text).length);
  });

  test("long unbroken run is sliced", () => {
    // 150,000 letters without a separator form one pre-tokenized piece. Merged whole, the tokenizer takes
    // quadratic time (8,000 such characters took 0.66 s), so about 4 minutes: far past the test timeout,
    // which is how a lost slicing shows. Speed itself is not asserted here.
    const text = "字".repeat(150_000);

    expect(countTokens(text)).toBe(150_000);
  });

  test("sliced run of rare characters", () => {
    let text = "";
    for (let index = 0; index < 2_000; index++) {
      text += String.fromCharCode(0x4e00 + ((index * 7919) % 20_000));
    }
    const exact = encode(text).length;

    // Each slice boundary may move the count by a token, and 2,000 characters make 16 slices.
    expect(Math.abs(countTokens(text) - exact)).toBeLessThanOrEqual(16);
  });

  test("repeated character run sliced", () => {
    const text = "a".repeat(300);

    // The run is counted in slices of 128 characters, and each boundary may add a token to the exact count.
    expect(Math.abs(countTokens(text) - encode(text).length)).toBeLessThanOrEqual(3);
  });

  test("estimate above 200,000 characters", () => {
    const text = "The station is near the hotel, about 500 meters away. 酒店离车站很近。\n".repeat(5_000);
    const exact = encode(text).length;
    const estimate = countTokens(text);

    expect(text.length).toBeGreaterThan(200_000);
    expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.02);
  });
});
