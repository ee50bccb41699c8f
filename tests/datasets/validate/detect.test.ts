import { describe, expect, test } from "vitest";
import { detectDataset } from "@/lib/datasets/validate";

const repeat = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));

describe("detectDataset", () => {
  test("ShareGPT conversations are chat", () => {
    const samples = repeat(5, (index) => ({
      id: index,
      conversations: [
        { from: "human", value: `question ${index}` },
        { from: "gpt", value: `answer ${index}` },
      ],
    }));
    const detection = detectDataset(samples);

    expect(detection.type).toBe("chat");
    expect(detection.mapping).toEqual({ messages: "conversations" });
    expect(detection.confidence).toBe(1);
  });

  test("message list under an unlisted name", () => {
    const samples = repeat(3, () => ({ turns_v2: [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }] }));
    const detection = detectDataset(samples);

    expect(detection.type).toBe("chat");
    expect(detection.mapping).toEqual({ messages: "turns_v2" });
  });

  test("message list as JSON text in a CSV column", () => {
    const cell = JSON.stringify([{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }]);
    const detection = detectDataset([{ Messages: cell }, { Messages: cell }], ["Messages"]);

    expect(detection.type).toBe("chat");
    expect(detection.mapping).toEqual({ messages: "Messages" });
  });

  test("alpaca is instruction", () => {
    const samples = [
      { instruction: "Translate", input: "hello", output: "你好" },
      { instruction: "Say hi", input: "", output: "hi" },
    ];
    const detection = detectDataset(samples);

    expect(detection.type).toBe("instruction");
    expect(detection.mapping).toEqual({ instruction: "instruction", input: "input", output: "output" });
    expect(detection.confidence).toBe(1);
    // The input/output pair also reads as a completion, ranked below.
    expect(detection.candidates.map((candidate) => candidate.type)).toEqual(["instruction", "completion"]);
  });

  test("Dolly field names are instruction", () => {
    const detection = detectDataset([{ instruction: "Summarize", context: "long text", response: "short" }]);

    expect(detection.type).toBe("instruction");
    expect(detection.mapping).toEqual({ instruction: "instruction", input: "context", output: "response" });
  });

  test("completion pairs", () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ prompt: "p", completion: "c" }, { prompt: "prompt", completion: "completion" }],
      [{ question: "q", answer: "a" }, { prompt: "question", completion: "answer" }],
      [{ input: "i", target: "t" }, { prompt: "input", completion: "target" }],
      [{ Prompt: "p", Completion: "c" }, { prompt: "Prompt", completion: "Completion" }],
    ];
    for (const [sample, mapping] of cases) {
      const detection = detectDataset([sample]);
      expect(detection.type).toBe("completion");
      expect(detection.mapping).toEqual(mapping);
    }
  });

  test("preference rows", () => {
    const detection = detectDataset([{ prompt: "p", chosen: "good", rejected: "bad" }]);

    expect(detection.type).toBe("preference");
    expect(detection.mapping).toEqual({ prompt: "prompt", chosen: "chosen", rejected: "rejected" });
  });

  test("Chinese classification headers", () => {
    const detection = detectDataset([{ 文本: "查询余额", 标签: "余额" }], ["文本", "标签"]);

    expect(detection.type).toBe("classification");
    expect(detection.mapping).toEqual({ text: "文本", label: "标签" });
  });

  test("label arrays are multi-label", () => {
    const samples = [
      { sentence: "a", labels: ["x", "y"] },
      { sentence: "b", labels: ["x"] },
    ];
    const detection = detectDataset(samples);

    expect(detection.type).toBe("classification");
    expect(detection.mapping).toEqual({ text: "sentence", label: "labels" });
    expect(detection.multiLabel).toBe(true);
  });

  test("plural label column with separators is multi-label", () => {
    const samples = [
      { text: "a", Intents: "greet|ask" },
      { text: "b", Intents: "ask" },
    ];
    const detection = detectDataset(samples, ["text", "Intents"]);

    expect(detection.mapping).toEqual({ text: "text", label: "Intents" });
    expect(detection.multiLabel).toBe(true);
  });

  test("singular label with separator stays single", () => {
    const detection = detectDataset([{ text: "a", label: "a|b" }]);

    expect(detection.multiLabel).toBe(false);
  });

  test("confidence is the share of fitting samples", () => {
    const samples = [
      { prompt: "p", completion: "c" },
      { prompt: "p", completion: "" },
      { prompt: "p", completion: "c" },
      { prompt: null, completion: "c" },
    ];
    const detection = detectDataset(samples);

    expect(detection.type).toBe("completion");
    expect(detection.confidence).toBe(0.5);
  });

  test("candidates ranked by confidence", () => {
    // Most rows are classification; only one has a message list.
    const samples = [
      { text: "a", label: "x", messages: [{ role: "user", content: "hi" }] },
      { text: "b", label: "y" },
      { text: "c", label: "z" },
    ];
    const detection = detectDataset(samples);

    expect(detection.type).toBe("classification");
    expect(detection.candidates.map((candidate) => [candidate.type, candidate.confidence])).toEqual([
      ["classification", 1],
      ["chat", 1 / 3],
    ]);
  });

  test("split column and aliases", () => {
    const samples = [
      { text: "a", label: "x", Subset: "train" },
      { text: "b", label: "x", Subset: "dev" },
      { text: "c", label: "x", Subset: "test" },
    ];
    const detection = detectDataset(samples);

    expect(detection.mapping).toEqual({ text: "text", label: "label", split: "Subset" });
    expect(detection.candidates[0]?.mapping.split).toBe("Subset");
  });

  test("split column with unknown values is ignored", () => {
    const samples = [
      { text: "a", label: "x", split: "fold-a" },
      { text: "b", label: "x", split: "fold-b" },
    ];
    const detection = detectDataset(samples);

    expect(detection.mapping).toEqual({ text: "text", label: "label" });
  });

  test("partial mapping when no type fits", () => {
    const detection = detectDataset([{ prompt: "p", chosen: "good" }]);

    expect(detection.type).toBe("preference");
    expect(detection.mapping).toEqual({ prompt: "prompt", chosen: "chosen" });
    expect(detection.confidence).toBe(0);
    expect(detection.candidates).toEqual([]);
  });

  test("no samples, only CSV columns", () => {
    const detection = detectDataset([], ["query", "category"]);

    expect(detection.type).toBe("classification");
    expect(detection.mapping).toEqual({ text: "query", label: "category" });
    expect(detection.confidence).toBe(0);
  });

  test("unknown fields fall back to chat", () => {
    const detection = detectDataset([{ foo: 1, bar: "x" }]);

    expect(detection.type).toBe("chat");
    expect(detection.mapping).toEqual({});
    expect(detection.confidence).toBe(0);
  });
});
