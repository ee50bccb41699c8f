import { describe, expect, test } from "vitest";
import { countTokens, normalizeRecord, rowText } from "@/lib/datasets/validate";
import { contextFor, issuesOf, rowOf } from "./helpers";


const alpaca = contextFor("instruction", { instruction: "instruction", input: "input", output: "output" });
const completion = contextFor("completion", { prompt: "prompt", completion: "completion" });
const preference = contextFor("preference", { prompt: "prompt", chosen: "chosen", rejected: "rejected" });
const intents = contextFor("classification", { text: "text", label: "intent" });

describe("instruction rows", () => {
  test("alpaca with empty input allowed", () => {
    const result = normalizeRecord({ instruction: "Say hi", input: "", output: "hi" }, alpaca);

    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(rowOf(result).data).toEqual({ instruction: "Say hi", input: "", output: "hi" });
  });

  test("absent and null input read as empty", () => {
    for (const fields of [{ instruction: "a", output: "b" }, { instruction: "a", input: null, output: "b" }]) {
      const result = normalizeRecord(fields, alpaca);
      expect(rowOf(result).data).toEqual({ instruction: "a", input: "", output: "b" });
    }
  });

  test("mapping without input", () => {
    const result = normalizeRecord(
      { instruction: "a", output: "b" },
      contextFor("instruction", { instruction: "instruction", output: "output" }),
    );

    expect(rowOf(result).data).toEqual({ instruction: "a", input: "", output: "b" });
  });

  test("missing, empty and wrong-typed fields", () => {
    const issues = issuesOf(normalizeRecord({ instruction: "  ", input: ["x"] }, alpaca));

    expect(issues).toEqual([
      { code: "empty_content", field: "instruction" },
      { code: "wrong_type", field: "input", params: { expected: "string", found: "array" } },
      { code: "missing_field", field: "output" },
    ]);
  });

  test("numbers and booleans from XLSX coerced", () => {
    const result = normalizeRecord({ instruction: 12, input: true, output: 3.5 }, alpaca);

    expect(rowOf(result).data).toEqual({ instruction: "12", input: "true", output: "3.5" });
  });

  test("mapped field names match case-insensitively", () => {
    const result = normalizeRecord({ Instruction: "a", INPUT: "b", Output: "c" }, alpaca);

    expect(rowOf(result).data).toEqual({ instruction: "a", input: "b", output: "c" });
  });

  test("object in a text field", () => {
    const issues = issuesOf(normalizeRecord({ instruction: { text: "a" }, output: "b" }, alpaca));

    expect(issues).toEqual([{ code: "wrong_type", field: "instruction", params: { expected: "string", found: "object" } }]);
  });
});

describe("completion and preference rows", () => {
  test("completion row", () => {
    const result = normalizeRecord({ prompt: "2+2=", completion: 4 }, completion);

    expect(rowOf(result).data).toEqual({ prompt: "2+2=", completion: "4" });
    expect(rowOf(result).searchText).toBe("2+2=\n4");
  });

  test("completion with empty completion", () => {
    expect(issuesOf(normalizeRecord({ prompt: "p", completion: "" }, completion))).toEqual([
      { code: "empty_content", field: "completion" },
    ]);
  });

  test("preference row", () => {
    const result = normalizeRecord({ prompt: "Capital of France?", chosen: "Paris", rejected: "Lyon", id: 7 }, preference);

    expect(rowOf(result).data).toEqual({ prompt: "Capital of France?", chosen: "Paris", rejected: "Lyon" });
    expect(rowOf(result).labels).toEqual([]);
    expect(rowOf(result).roleTokens).toBeUndefined();
  });

  test("preference without rejected", () => {
    expect(issuesOf(normalizeRecord({ prompt: "p", chosen: "c", rejected: null }, preference))).toEqual([
      { code: "missing_field", field: "rejected" },
    ]);
  });
});

describe("classification rows", () => {
  test("single label trimmed", () => {
    const result = normalizeRecord({ text: "hello", intent: " greet " }, intents);

    expect(rowOf(result).data).toEqual({ text: "hello" });
    expect(rowOf(result).labels).toEqual(["greet"]);
    expect(rowOf(result).searchText).toBe("hello\ngreet");
  });

  test("numeric label from XLSX", () => {
    const result = normalizeRecord({ text: "hello", intent: 3 }, intents);

    expect(rowOf(result).labels).toEqual(["3"]);
  });

  test("label missing", () => {
    for (const intent of [undefined, null, "", "  ", []]) {
      expect(issuesOf(normalizeRecord({ text: "hello", intent }, intents))).toEqual([{ code: "label_missing", field: "label" }]);
    }
  });

  test("several labels in single-label mode", () => {
    expect(issuesOf(normalizeRecord({ text: "hello", intent: ["a", "b"] }, intents))).toEqual([
      { code: "wrong_type", field: "label", params: { expected: "one label", found: 2 } },
    ]);
  });

  test("one-element list in single-label mode", () => {
    const result = normalizeRecord({ text: "hello", intent: ["a"] }, intents);

    expect(rowOf(result).labels).toEqual(["a"]);
  });

  test("separator kept in single-label mode", () => {
    const result = normalizeRecord({ text: "hello", intent: "a|b" }, intents);

    expect(rowOf(result).labels).toEqual(["a|b"]);
  });

  test("object label", () => {
    expect(issuesOf(normalizeRecord({ text: "hello", intent: { name: "a" } }, intents))).toEqual([
      { code: "wrong_type", field: "label", params: { expected: "string", found: "object" } },
    ]);
  });

  test("multi-label values", () => {
    const multi = { ...intents, multiLabel: true };
    const cases: [unknown, string[]][] = [
      [["a", " b ", "a", ""], ["a", "b"]],
      ["a|b; c", ["a", "b", "c"]],
      ['["x","y"]', ["x", "y"]],
      ["single", ["single"]],
    ];
    for (const [intent, labels] of cases) {
      const result = normalizeRecord({ text: "t", intent }, multi);
      expect(rowOf(result).labels).toEqual(labels);
    }
  });

  test("label outside the label set", () => {
    const context = { ...intents, multiLabel: true, labelSet: ["greet", "bye"] };
    const issues = issuesOf(normalizeRecord({ text: "hello", intent: ["greet", "thanks", "other"] }, context));

    expect(issues).toEqual([
      { code: "label_not_in_set", field: "label", params: { label: "thanks" } },
      { code: "label_not_in_set", field: "label", params: { label: "other" } },
    ]);
  });

  test("label inside the label set", () => {
    const result = normalizeRecord({ text: "hello", intent: "bye" }, { ...intents, labelSet: ["greet", "bye"] });

    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  test("missing text and label together", () => {
    expect(issuesOf(normalizeRecord({ other: "x" }, intents))).toEqual([
      { code: "missing_field", field: "text" },
      { code: "label_missing", field: "label" },
    ]);
  });
});

describe("split", () => {
  const withSplit = contextFor("classification", { text: "text", label: "intent", split: "split" });

  test("split names normalized", () => {
    const cases: [unknown, string | null][] = [
      ["train", "train"],
      ["Validation", "validation"],
      ["val", "validation"],
      ["dev", "validation"],
      ["valid", "validation"],
      [" TEST ", "test"],
      ["oos_test", "test"],
      ["train_val", null],
      ["holdout", null],
      [3, null],
      [null, null],
    ];
    for (const [split, expected] of cases) {
      const result = normalizeRecord({ text: "t", intent: "a", split }, withSplit);
      expect(rowOf(result).split, String(split)).toBe(expected);
    }
  });

  test("no split mapping", () => {
    const result = normalizeRecord({ text: "t", intent: "a", split: "train" }, intents);

    expect(rowOf(result).split).toBeNull();
  });
});

describe("token limit and text", () => {
  test("over token limit with a 100,000-character row", () => {
    const text = "数据".repeat(50_000);
    const context = contextFor("completion", { prompt: "prompt", completion: "completion" }, { tokenLimit: 4096 });
    const issues = issuesOf(normalizeRecord({ prompt: text, completion: "ok" }, context));

    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe("over_token_limit");
    expect(issues[0]?.params?.limit).toBe(4096);
    expect(issues[0]?.params?.tokens).toBe(countTokens(text) + countTokens("ok"));
    expect(issues[0]?.params?.tokens).toBeGreaterThan(4096);
  });

  test("row at the token limit", () => {
    const fields = { prompt: "hello world", completion: "ok" };
    const tokens = countTokens("hello world") + countTokens("ok");
    const result = normalizeRecord(fields, { ...completion, tokenLimit: tokens });

    expect(rowOf(result).tokens).toBe(tokens);
  });

  test("token limit counts with other issues", () => {
    const context = { ...intents, tokenLimit: 5 };
    const codes = issuesOf(normalizeRecord({ text: "word ".repeat(20), intent: null }, context)).map((issue) => issue.code);

    expect(codes).toEqual(["label_missing", "over_token_limit"]);
  });

  test("chat token limit", () => {
    const context = contextFor("chat", { messages: "messages" }, { tokenLimit: 10 });
    const messages = [
      { role: "user", content: "word ".repeat(10) },
      { role: "assistant", content: "ok" },
    ];
    const issues = issuesOf(normalizeRecord({ messages }, context));

    expect(issues).toEqual([{ code: "over_token_limit", field: "", params: { tokens: 12, limit: 10 } }]);
  });

  test("search text cut to 10,000 characters", () => {
    const result = normalizeRecord({ prompt: "ABC".repeat(5_000), completion: "x" }, completion);

    expect(rowOf(result).searchText.length).toBe(10_000);
    expect(rowOf(result).searchText.startsWith("abcabc")).toBe(true);
  });

  test("search text keeps surrogate pairs whole", () => {
    const result = normalizeRecord({ prompt: `${"a".repeat(9_999)}😀`, completion: "x" }, completion);

    expect(rowOf(result).searchText).toBe("a".repeat(9_999));
  });

  test("row text of each type", () => {
    expect(rowText("instruction", { instruction: "i", input: "", output: "o" }, [])).toBe("i\no");
    expect(rowText("preference", { prompt: "p", chosen: "c", rejected: "r" }, [])).toBe("p\nc\nr");
    expect(rowText("classification", { text: "t" }, ["a", "b"])).toBe("t\na\nb");
    expect(
      rowText(
        "chat",
        {
          messages: [
            { role: "user", content: [{ type: "text", text: "look" }, { type: "image_url", image_url: { url: "a.png" } }] },
            { role: "assistant", content: "ok" },
          ],
        },
        [],
      ),
    ).toBe("look\nok");
  });
});
