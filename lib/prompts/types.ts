import type { ChatMessage, ChatParams } from "@/lib/llm/types";

/**
 * The contract between prompt versions (lib/prompts) and their callers (playground, experiments, API).
 * A strategy turns one rendered prompt into one or more model calls and one final answer.
 */

export const STRATEGY_KINDS = ["zero_shot", "few_shot", "chain_of_thought", "self_consistency"] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

export type Strategy =
  | { kind: "zero_shot" }
  | { kind: "few_shot"; /** Examples used, from the version's few-shot copy; all when unset. */ shots?: number }
  | { kind: "chain_of_thought"; shots?: number; /** Regular expression whose first group is the answer; default "Answer:\s*(.+)". */ answerPattern?: string }
  | { kind: "self_consistency"; shots?: number; samples: number; temperature?: number; answerPattern?: string };

export type PromptMessage = { role: "system" | "user" | "assistant"; content: string };
export type PromptVariable = { name: string; description?: string; default?: string };
export type FewShotExample = { input: string; output: string };

/** The parts of a PromptVersion a strategy needs. */
export type PromptVersionSpec = {
  messages: PromptMessage[];
  variables: PromptVariable[];
  fewShotExamples: FewShotExample[];
  strategy: Strategy;
  outputSchema: Record<string, unknown> | null;
  params: ChatParams;
};

/** A compiled request: send it `samples` times (1 except for self-consistency), then extract and vote. */
export type CompiledPrompt = {
  request: { messages: ChatMessage[]; params: ChatParams };
  samples: number;
  /** Pulls the final answer out of one completion (answer pattern, JSON parsing); null when none found. */
  extractAnswer: (completion: string) => string | null;
};

/** Majority vote over sample answers; agreement is the winner's share of all samples (0..1). */
export type Vote = { answer: string | null; agreement: number; counts: Record<string, number> };
