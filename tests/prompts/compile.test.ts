import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { compilePrompt, majorityVote } from "@/lib/prompts/compile";
import { canonicalJson, parseJsonFromCompletion } from "@/lib/prompts/json-answer";
import { findSchemaProblem } from "@/lib/prompts/output-schema";
import { findSpecIssues } from "@/lib/prompts/spec-issues";
import { extractPatternAnswer } from "@/lib/prompts/strategy";
import type { PromptVersionSpec, Strategy } from "@/lib/prompts/types";

const examples = [
  { input: "I lost my card", output: "lost_card" },
  { input: "Where is my refund?", output: "refund" },
  { input: "Change my PIN", output: "change_pin" },
];

function spec(overrides: Partial<PromptVersionSpec> = {}): PromptVersionSpec {
  return {
    messages: [
      { role: "system", content: "Classify the banking intent." },
      { role: "user", content: "Text: {{text}}" },
    ],
    variables: [{ name: "text" }],
    fewShotExamples: examples,
    strategy: { kind: "zero_shot" },
    outputSchema: null,
    params: { temperature: 0, max_tokens: 64 },
    ...overrides,
  };
}

/** Runs `action` and returns the AppError it throws, failing the test when it throws nothing or something else. */
function appErrorOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

const compile = (strategy: Strategy, overrides: Partial<PromptVersionSpec> = {}) => compilePrompt(spec(overrides), { text: "card stuck in ATM" }, { strategy, maxSamples: 10 });

describe("compilePrompt strategies", () => {
  it("zero-shot renders the messages", () => {
    const compiled = compile({ kind: "zero_shot" });
    expect(compiled.request.messages).toEqual([
      { role: "system", content: "Classify the banking intent." },
      { role: "user", content: "Text: card stuck in ATM" },
    ]);
    expect(compiled.request.params).toEqual({ temperature: 0, max_tokens: 64 });
    expect(compiled.samples).toBe(1);
    expect(compiled.extractAnswer("  lost_card \n")).toBe("lost_card");
    expect(compiled.extractAnswer("   ")).toBeNull();
  });

  it("few-shot inserts the first shots before the final user turn", () => {
    const compiled = compile({ kind: "few_shot", shots: 2 });
    expect(compiled.request.messages).toEqual([
      { role: "system", content: "Classify the banking intent." },
      { role: "user", content: "I lost my card" },
      { role: "assistant", content: "lost_card" },
      { role: "user", content: "Where is my refund?" },
      { role: "assistant", content: "refund" },
      { role: "user", content: "Text: card stuck in ATM" },
    ]);
  });

  it("few-shot without shots uses every example", () => {
    expect(compile({ kind: "few_shot" }).request.messages).toHaveLength(2 + examples.length * 2);
  });

  it("few-shot goes before the last user turn, after earlier turns", () => {
    const compiled = compile(
      { kind: "few_shot", shots: 1 },
      {
        messages: [
          { role: "user", content: "Hello" },
          { role: "assistant", content: "Hi" },
          { role: "user", content: "{{text}}" },
        ],
      },
    );
    expect(compiled.request.messages.map((message) => message.content)).toEqual(["Hello", "Hi", "I lost my card", "lost_card", "card stuck in ATM"]);
  });

  it("chain-of-thought appends an English instruction", () => {
    const compiled = compile({ kind: "chain_of_thought" });
    const last = compiled.request.messages.at(-1)!;
    expect(compiled.request.messages).toHaveLength(2);
    expect(last.role).toBe("user");
    expect(last.content).toMatch(/^Text: card stuck in ATM\n\nThink through the problem step by step/);
    expect(last.content).toContain("Answer: <answer>");
    expect(compiled.extractAnswer("The card is stuck.\nAnswer: card_swallowed")).toBe("card_swallowed");
  });

  it("chain-of-thought uses Chinese for a Chinese template", () => {
    const compiled = compilePrompt(
      spec({ messages: [{ role: "user", content: "用户说：{{text}}，意图是什么？" }], fewShotExamples: [] }),
      { text: "我的卡被吞了" },
      { strategy: { kind: "chain_of_thought" }, maxSamples: 10 },
    );
    const content = compiled.request.messages[0]!.content as string;
    expect(content).toContain("一步一步");
    expect(content).toContain("答案：<答案>");
    expect(content).not.toContain("Answer:");
  });

  it("chain-of-thought can include examples", () => {
    const compiled = compile({ kind: "chain_of_thought", shots: 1 });
    expect(compiled.request.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
  });

  it("self-consistency samples N times at temperature 0.7", () => {
    const compiled = compile({ kind: "self_consistency", samples: 5 });
    expect(compiled.samples).toBe(5);
    expect(compiled.request.params.temperature).toBe(0.7);
    expect(compiled.request.messages.at(-1)!.content).toContain("Answer: <answer>");
    expect(compile({ kind: "self_consistency", samples: 3, temperature: 1.1 }).request.params.temperature).toBe(1.1);
  });

  it("self-consistency above the limit is refused", () => {
    const error = appErrorOf(() => compile({ kind: "self_consistency", samples: 11 }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.options.reason).toBe("prompts.too_many_samples");
    expect(error.options.params).toEqual({ samples: 11, max: 10 });
  });

  it("self-consistency limit defaults to LUODI_MAX_SAMPLES", () => {
    const error = appErrorOf(() => compilePrompt(spec(), { text: "x" }, { strategy: { kind: "self_consistency", samples: 11 } }));
    expect(error.options.reason).toBe("prompts.too_many_samples");
    expect(error.options.params).toMatchObject({ max: 10 });
  });

  it("a custom answer pattern drops the Answer line request", () => {
    const compiled = compile({ kind: "chain_of_thought", answerPattern: "Final label: (\\w+)" });
    expect(compiled.request.messages.at(-1)!.content).not.toContain("Answer:");
    expect(compiled.extractAnswer("thinking...\nFinal label: refund")).toBe("refund");
    expect(compiled.extractAnswer("Answer: refund")).toBeNull();
  });

  it("few-shot beyond the examples is refused", () => {
    expect(appErrorOf(() => compile({ kind: "few_shot", shots: 4 })).options.reason).toBe("prompts.too_many_shots");
    expect(appErrorOf(() => compile({ kind: "few_shot" }, { fewShotExamples: [] })).options.reason).toBe("prompts.no_examples");
  });
});

describe("compilePrompt variables", () => {
  it("uses defaults and reports missing values", () => {
    const withDefault = spec({ variables: [{ name: "text", default: "hello" }] });
    expect(compilePrompt(withDefault, {}, { maxSamples: 10 }).request.messages[1]!.content).toBe("Text: hello");
    expect(compilePrompt(withDefault, { text: "" }, { maxSamples: 10 }).request.messages[1]!.content).toBe("Text: ");

    const error = appErrorOf(() => compilePrompt(spec(), {}, { maxSamples: 10 }));
    expect(error.options.reason).toBe("prompts.missing_value");
    expect(error.options.params).toMatchObject({ name: "text", message: 1, offset: 6 });
  });

  it("refuses an undeclared placeholder", () => {
    const error = appErrorOf(() => compilePrompt(spec({ variables: [] }), { text: "x" }, { maxSamples: 10 }));
    expect(error.options.reason).toBe("prompts.undefined_variable");
    expect(error.options.params).toMatchObject({ name: "text", message: 1, offset: 6 });
  });
});

describe("chain-of-thought extraction", () => {
  it("reads English and Chinese answer lines", () => {
    expect(extractPatternAnswer("Step 1...\nAnswer: refund")).toBe("refund");
    expect(extractPatternAnswer("第一步……\n答案：退款")).toBe("退款");
    expect(extractPatternAnswer("答案: 退款")).toBe("退款");
    expect(extractPatternAnswer("answer:   **lost_card**  ")).toBe("lost_card");
  });

  it("normalises full-width text with NFKC", () => {
    expect(extractPatternAnswer("答案：ＡＢＣ１２３")).toBe("ABC123");
  });

  it("takes the last answer line", () => {
    expect(extractPatternAnswer("Answer: maybe A\nOn reflection...\nAnswer: B")).toBe("B");
  });

  it("returns null without an answer line", () => {
    expect(extractPatternAnswer("I think it is refund")).toBeNull();
    expect(extractPatternAnswer("Answer:   ")).toBeNull();
  });
});

describe("output schema", () => {
  const schema = { type: "object", properties: { intent: { type: "string" } }, required: ["intent"] };

  it("adds a json_schema response format and parses fenced JSON", () => {
    const compiled = compile({ kind: "zero_shot" }, { outputSchema: schema });
    expect(compiled.request.params.response_format).toEqual({ type: "json_schema", json_schema: { name: "output", schema } });
    expect(compiled.extractAnswer('```json\n{"intent": "refund"}\n```')).toBe('{"intent":"refund"}');
    expect(compiled.extractAnswer('Sure! {"b": 1, "a": 2} hope this helps')).toBe('{"a":2,"b":1}');
    expect(compiled.extractAnswer("no json here")).toBeNull();
  });

  it("chain-of-thought with a schema reasons inside the JSON", () => {
    const compiled = compile({ kind: "chain_of_thought" }, { outputSchema: schema });
    const format = compiled.request.params.response_format;
    if (format?.type !== "json_schema") throw new Error(`expected a json_schema response format, got ${JSON.stringify(format)}`);
    expect(format.json_schema.schema).toMatchObject({ properties: { answer: schema }, required: ["reasoning", "answer"] });
    expect(compiled.extractAnswer('{"reasoning": "card problem", "answer": {"intent": "lost_card"}}')).toBe('{"intent":"lost_card"}');
    expect(compiled.extractAnswer('thinking\nAnswer: {"intent": "refund"}')).toBe('{"intent":"refund"}');
  });

  it("rejects an invalid JSON Schema with ajv's message and path", () => {
    expect(findSchemaProblem(schema)).toBeNull();
    expect(findSchemaProblem({ type: "object", properties: { a: { type: "strin" } } })).toMatchObject({
      path: "/properties/a/type",
      message: expect.stringContaining("must be equal to one of the allowed values"),
    });
    expect(findSchemaProblem({ type: "object", require: ["a"] })).toMatchObject({ path: "/require", message: expect.stringContaining('unknown keyword: "require"') });
    expect(findSchemaProblem({ properties: [] })).toMatchObject({ path: "/properties", message: "must be object" });
    expect(findSchemaProblem({ $ref: "#/definitions/missing" })?.message).toContain("can't resolve reference");
    expect(findSchemaProblem({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "array", prefixItems: [{ type: "string" }] })).toBeNull();
    expect(findSchemaProblem({ $schema: "http://json-schema.org/draft-04/schema#" })?.path).toBe("/$schema");
  });

  it("reports the invalid schema as a spec issue", () => {
    const issues = findSpecIssues(spec({ outputSchema: { type: "objekt" } }), 10);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.reason).toBe("prompts.invalid_schema");
    expect(issues[0]!.params).toMatchObject({ path: "/type" });
    expect(issues[0]!.message).toContain("/type must be equal to one of the allowed values");
  });

  it("parses JSON from completions", () => {
    expect(parseJsonFromCompletion("```\n[1, 2]\n```")).toEqual([1, 2]);
    expect(parseJsonFromCompletion("plain")).toBeUndefined();
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});

describe("majorityVote", () => {
  it("picks the most common answer", () => {
    expect(majorityVote(["a", "b", "a", "c", "a"])).toEqual({ answer: "a", agreement: 0.6, counts: { a: 3, b: 1, c: 1 } });
  });

  it("breaks ties by first occurrence", () => {
    expect(majorityVote(["x", "y", "y", "x"]).answer).toBe("x");
    expect(majorityVote(["12", "3", "3", "12"]).answer).toBe("12");
  });

  it("counts null answers as disagreeing", () => {
    const vote = majorityVote([null, "a", null, "b", "a"]);
    expect(vote.answer).toBe("a");
    expect(vote.agreement).toBeCloseTo(0.4);
    expect(vote.counts).toEqual({ a: 2, b: 1 });
  });

  it("returns no answer when nothing was extracted", () => {
    expect(majorityVote([null, null])).toEqual({ answer: null, agreement: 0, counts: {} });
    expect(majorityVote([])).toEqual({ answer: null, agreement: 0, counts: {} });
  });
});

describe("findSpecIssues", () => {
  it("requires a user message", () => {
    const issues = findSpecIssues(spec({ messages: [{ role: "system", content: "Only system" }], variables: [] }), 10);
    expect(issues.map((issue) => issue.reason)).toEqual(["prompts.no_user_message"]);
  });

  it("rejects an invalid answer pattern", () => {
    const issues = findSpecIssues(spec({ strategy: { kind: "chain_of_thought", answerPattern: "Answer: (" } }), 10);
    expect(issues.map((issue) => issue.reason)).toEqual(["prompts.invalid_answer_pattern"]);
  });
});
