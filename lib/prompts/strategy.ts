import type { SpecIssue } from "./errors";
import type { FewShotExample, PromptMessage, Strategy } from "./types";

/**
 * Strategy building blocks: the examples each strategy uses, the chain-of-thought instruction it appends,
 * and the extraction of the final answer from a completion. compile.ts puts these together.
 */

/** Matches the final line the chain-of-thought instruction asks for, in both languages, after NFKC (which turns `：` into `:`). */
export const DEFAULT_ANSWER_PATTERN = "(?:Answer|答案)\\s*:\\s*(.+)";
export const ANSWER_PATTERN_MAX_LENGTH = 500;
export const DEFAULT_SELF_CONSISTENCY_TEMPERATURE = 0.7;

/** Longest completion tail that answer patterns run on, so a user-written pattern cannot take long on a huge output. */
const EXTRACTION_WINDOW_CHARS = 20_000;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** True when any message of the template contains Chinese, Japanese or Korean script. */
export function templateUsesCjk(messages: readonly PromptMessage[]): boolean {
  return messages.some((message) => CJK.test(message.content));
}

export type InstructionLanguage = "zh" | "en";

const COT_INSTRUCTIONS = {
  en: {
    think: "Think through the problem step by step before answering.",
    answerLine: "Then end your reply with one final line in exactly this form:\nAnswer: <answer>",
    jsonFields: 'Write your step-by-step reasoning in the "reasoning" field, then put the final answer in the "answer" field.',
  },
  zh: {
    think: "请先一步一步地思考这个问题，再作答。",
    answerLine: "最后，在回复的最后一行严格按以下格式给出最终答案：\n答案：<答案>",
    jsonFields: "请把一步一步的推理过程写在 \"reasoning\" 字段中，再把最终答案写在 \"answer\" 字段中。",
  },
} as const;

/**
 * The text appended to the final user turn for chain-of-thought and self-consistency. It asks for the
 * `Answer:` line only with the default pattern, because a custom pattern follows a format that the
 * template itself describes. With an output schema the reasoning goes into a JSON field instead.
 */
export function chainOfThoughtInstruction(language: InstructionLanguage, options: { customPattern: boolean; outputSchema: boolean }): string {
  const text = COT_INSTRUCTIONS[language];
  if (options.outputSchema) return text.jsonFields;
  return options.customPattern ? text.think : `${text.think}\n${text.answerLine}`;
}

/** Examples a strategy puts before the final user turn: all for few-shot unless `shots` is set, none for chain-of-thought unless set. */
export function examplesFor(strategy: Strategy, examples: readonly FewShotExample[]): FewShotExample[] {
  if (strategy.kind === "zero_shot") return [];
  const shots = strategy.shots ?? (strategy.kind === "few_shot" ? examples.length : 0);
  return examples.slice(0, shots);
}

export function usesChainOfThought(strategy: Strategy): strategy is Extract<Strategy, { kind: "chain_of_thought" | "self_consistency" }> {
  return strategy.kind === "chain_of_thought" || strategy.kind === "self_consistency";
}

/**
 * Checks a strategy against the version's examples and the sample limit. Returns the first problem, or
 * null. The API schema already bounds the types; this covers what depends on other fields.
 */
export function findStrategyIssue(strategy: Strategy, exampleCount: number, maxSamples: number): SpecIssue | null {
  if (strategy.kind === "few_shot" && exampleCount === 0) {
    return { reason: "prompts.no_examples", message: "The few-shot strategy needs examples; choose a few-shot set or add examples", params: {} };
  }

  if (strategy.kind !== "zero_shot" && strategy.shots !== undefined) {
    if (!Number.isInteger(strategy.shots) || strategy.shots < 0) {
      return { reason: "prompts.invalid_shots", message: `shots must be a whole number of 0 or more (got ${strategy.shots})`, params: { shots: strategy.shots } };
    }
    if (strategy.shots > exampleCount) {
      return {
        reason: "prompts.too_many_shots",
        message: `The strategy uses ${strategy.shots} examples but the version has ${exampleCount}; lower shots or add examples`,
        params: { shots: strategy.shots, available: exampleCount },
      };
    }
  }

  if (strategy.kind === "self_consistency") {
    if (!Number.isInteger(strategy.samples) || strategy.samples < 1) {
      return { reason: "prompts.invalid_samples", message: `samples must be a whole number of 1 or more (got ${strategy.samples})`, params: { samples: strategy.samples } };
    }
    if (strategy.samples > maxSamples) {
      return {
        reason: "prompts.too_many_samples",
        message: `Self-consistency asks for ${strategy.samples} samples but at most ${maxSamples} are allowed (LUODI_MAX_SAMPLES); lower the number of samples`,
        params: { samples: strategy.samples, max: maxSamples },
      };
    }
    const temperature = strategy.temperature;
    if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) {
      return { reason: "prompts.invalid_temperature", message: `temperature must be between 0 and 2 (got ${temperature})`, params: { temperature } };
    }
  }

  if (usesChainOfThought(strategy) && strategy.answerPattern !== undefined) return findAnswerPatternIssue(strategy.answerPattern);
  return null;
}

export function findAnswerPatternIssue(pattern: string): SpecIssue | null {
  if (pattern.length === 0 || pattern.length > ANSWER_PATTERN_MAX_LENGTH) {
    return {
      reason: "prompts.invalid_answer_pattern",
      message: `The answer pattern must be 1 to ${ANSWER_PATTERN_MAX_LENGTH} characters`,
      params: { pattern: pattern.slice(0, 80), detail: "length" },
    };
  }
  try {
    new RegExp(pattern, "giu");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { reason: "prompts.invalid_answer_pattern", message: `The answer pattern is not a valid regular expression: ${detail}`, params: { pattern: pattern.slice(0, 80), detail } };
  }
  return null;
}

/**
 * Extracts the answer from a chain-of-thought completion: the last match of the pattern, matched
 * case-insensitively on the NFKC-normalised text. The first capture group is the answer when the pattern
 * has one, else the whole match. Wrapping Markdown emphasis and backticks are removed.
 */
export function extractPatternAnswer(completion: string, pattern: string = DEFAULT_ANSWER_PATTERN): string | null {
  const text = completion.normalize("NFKC").slice(-EXTRACTION_WINDOW_CHARS);
  const expression = new RegExp(pattern, "giu");

  let last: RegExpExecArray | null = null;
  for (const match of text.matchAll(expression)) {
    last = match;
    if (match[0] === "") break;
  }
  if (!last) return null;

  const captured = last.length > 1 ? last[1] : last[0];
  const answer = (captured ?? "").trim().replace(/^(\*\*|__|`)(.*)\1$/su, "$2").trim();
  return answer === "" ? null : answer;
}
