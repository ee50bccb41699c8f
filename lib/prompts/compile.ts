import type { ChatMessage, ChatParams, ResponseFormat } from "@/lib/llm/types";
import { env } from "@/lib/env";
import { issueError } from "./errors";
import { canonicalJson, parseJsonFromCompletion } from "./json-answer";
import { findTemplateIssues } from "./template-issues";
import {
  chainOfThoughtInstruction,
  DEFAULT_ANSWER_PATTERN,
  DEFAULT_SELF_CONSISTENCY_TEMPERATURE,
  examplesFor,
  extractPatternAnswer,
  findStrategyIssue,
  templateUsesCjk,
  usesChainOfThought,
} from "./strategy";
import { lineAndColumn, parseTemplate, renderSegments } from "./template";
import type { CompiledPrompt, FewShotExample, PromptVersionSpec, Strategy, Vote } from "./types";

export type CompileOptions = {
  /** Overrides the version's own strategy, as experiments do when they compare strategies on one version. */
  strategy?: Strategy;
  /** Most self-consistency samples allowed; LUODI_MAX_SAMPLES when unset. */
  maxSamples?: number;
};

/**
 * Turns a prompt version and variable values into the request to send, the number of samples and the
 * answer extractor. Throws AppError INVALID_INPUT with reason `prompts.undefined_variable`,
 * `prompts.missing_value`, `prompts.too_many_samples` (or another template or strategy reason) and params
 * naming the variable or limit.
 */
export function compilePrompt(spec: PromptVersionSpec, values: Record<string, string>, options: CompileOptions = {}): CompiledPrompt {
  const strategy = options.strategy ?? spec.strategy;
  const maxSamples = options.maxSamples ?? env().LUODI_MAX_SAMPLES;

  const templateIssue = findTemplateIssues(spec.messages, spec.variables)[0];
  if (templateIssue) throw issueError(templateIssue);
  const strategyIssue = findStrategyIssue(strategy, spec.fewShotExamples.length, maxSamples);
  if (strategyIssue) throw issueError(strategyIssue);

  const messages = insertExamples(renderMessages(spec, values), examplesFor(strategy, spec.fewShotExamples));
  if (usesChainOfThought(strategy)) {
    const instruction = chainOfThoughtInstruction(templateUsesCjk(spec.messages) ? "zh" : "en", {
      customPattern: strategy.answerPattern !== undefined && strategy.answerPattern !== DEFAULT_ANSWER_PATTERN,
      outputSchema: spec.outputSchema !== null,
    });
    appendToFinalUserTurn(messages, instruction);
  }

  return {
    request: { messages, params: buildParams(spec, strategy) },
    samples: strategy.kind === "self_consistency" ? strategy.samples : 1,
    extractAnswer: answerExtractor(strategy, spec.outputSchema),
  };
}

/** Renders every message; a used variable takes its value, else its default, else the call fails. */
function renderMessages(spec: PromptVersionSpec, values: Record<string, string>): ChatMessage[] {
  const defaults = new Map(spec.variables.map((variable) => [variable.name, variable.default]));

  return spec.messages.map((message, messageIndex) => {
    const { segments } = parseTemplate(message.content);
    const content = renderSegments(segments, (name) => {
      const value = Object.hasOwn(values, name) ? values[name] : defaults.get(name);
      if (value !== undefined) return value;

      const placeholder = segments.find((segment) => segment.kind === "placeholder" && segment.name === name);
      const offset = placeholder?.kind === "placeholder" ? placeholder.offset : 0;
      const { line, column } = lineAndColumn(message.content, offset);
      throw issueError({
        reason: "prompts.missing_value",
        message: `Variable "${name}" has no value and no default; pass a value for it`,
        params: { name, message: messageIndex, messageNumber: messageIndex + 1, offset, line, column },
      });
    });
    return { role: message.role, content };
  });
}

/** Puts each example as a user turn and an assistant turn before the final user turn. */
function insertExamples(messages: ChatMessage[], examples: FewShotExample[]): ChatMessage[] {
  if (examples.length === 0) return messages;
  const turns: ChatMessage[] = examples.flatMap((example) => [
    { role: "user" as const, content: example.input },
    { role: "assistant" as const, content: example.output },
  ]);
  const finalUser = lastUserIndex(messages);
  const at = finalUser === -1 ? messages.length : finalUser;
  return [...messages.slice(0, at), ...turns, ...messages.slice(at)];
}

function appendToFinalUserTurn(messages: ChatMessage[], text: string) {
  const index = lastUserIndex(messages);
  const target = messages[index];
  if (!target || typeof target.content !== "string") {
    messages.push({ role: "user", content: text });
    return;
  }
  messages[index] = { ...target, content: target.content ? `${target.content}\n\n${text}` : text };
}

function lastUserIndex(messages: readonly ChatMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--) if (messages[index]?.role === "user") return index;
  return -1;
}

/**
 * Copies the version's parameters, sets the self-consistency temperature and adds a json_schema response
 * format when the version has an output schema. Chain-of-thought with a schema asks for an object with
 * `reasoning` and `answer`, so constrained decoding still leaves room to think.
 */
function buildParams(spec: PromptVersionSpec, strategy: Strategy): ChatParams {
  const { response_format: _ignored, ...params } = spec.params;
  const result: ChatParams = { ...params };
  if (strategy.kind === "self_consistency") result.temperature = strategy.temperature ?? DEFAULT_SELF_CONSISTENCY_TEMPERATURE;
  if (spec.outputSchema !== null) result.response_format = responseFormat(spec.outputSchema, usesChainOfThought(strategy));
  return result;
}

function responseFormat(schema: Record<string, unknown>, withReasoning: boolean): ResponseFormat {
  if (!withReasoning) return { type: "json_schema", json_schema: { name: "output", schema } };
  return {
    type: "json_schema",
    json_schema: {
      name: "reasoned_output",
      schema: {
        type: "object",
        properties: { reasoning: { type: "string" }, answer: schema },
        required: ["reasoning", "answer"],
        additionalProperties: false,
      },
    },
  };
}

function answerExtractor(strategy: Strategy, outputSchema: Record<string, unknown> | null): (completion: string) => string | null {
  const chainOfThought = usesChainOfThought(strategy);
  const pattern = chainOfThought ? (strategy.answerPattern ?? DEFAULT_ANSWER_PATTERN) : DEFAULT_ANSWER_PATTERN;

  if (outputSchema !== null) {
    return (completion) => {
      const parsed = parseJsonFromCompletion(completion);
      if (chainOfThought && isReasonedAnswer(parsed)) return canonicalJson(parsed.answer);
      if (parsed !== undefined && !chainOfThought) return canonicalJson(parsed);

      // A model that ignores the response format may still follow the Answer: line of the instruction.
      const line = chainOfThought ? extractPatternAnswer(completion, pattern) : null;
      const fromLine = line === null ? undefined : parseJsonFromCompletion(line);
      if (fromLine !== undefined) return canonicalJson(fromLine);
      return parsed === undefined ? null : canonicalJson(parsed);
    };
  }

  if (chainOfThought) return (completion) => extractPatternAnswer(completion, pattern);
  return (completion) => {
    const answer = completion.trim();
    return answer === "" ? null : answer;
  };
}

function isReasonedAnswer(value: unknown): value is { answer: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "answer" in value;
}

/**
 * Majority vote over sample answers. A null answer (nothing extracted) counts as a sample that agrees with
 * no one; ties go to the answer that appeared first. Agreement is the winner's count over all samples.
 */
export function majorityVote(answers: Array<string | null>): Vote {
  // A Map keeps first-occurrence order; a plain object would move integer-like answers such as "12" first.
  const tally = new Map<string, number>();
  for (const answer of answers) {
    if (answer !== null) tally.set(answer, (tally.get(answer) ?? 0) + 1);
  }

  let winner: string | null = null;
  let winnerCount = 0;
  for (const [answer, count] of tally) {
    // Strictly greater keeps the earlier answer on a tie.
    if (count > winnerCount) {
      winner = answer;
      winnerCount = count;
    }
  }

  const agreement = answers.length === 0 ? 0 : winnerCount / answers.length;
  return { answer: winner, agreement, counts: Object.fromEntries(tally) };
}
