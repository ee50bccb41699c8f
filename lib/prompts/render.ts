import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import type { ChatMessage, ChatParams } from "@/lib/llm/types";
import { compilePrompt } from "./compile";
import type { SpecIssue } from "./errors";
import { findSpecIssues } from "./spec-issues";
import type { PromptVersionSpec, Strategy } from "./types";

/** A compiled prompt as JSON: what the API returns and the gateway sends, without the extractor function. */
export type RenderedPrompt = {
  messages: ChatMessage[];
  params: ChatParams;
  /** Requests to send; more than 1 only for self-consistency, whose answers are then put to a majority vote. */
  samples: number;
  strategy: Strategy;
};

/** Renders a version with variable values; throws the same AppErrors as compilePrompt. */
export function renderPrompt(spec: PromptVersionSpec, values: Record<string, string>, options: { maxSamples?: number } = {}): RenderedPrompt {
  const compiled = compilePrompt(spec, values, options);
  return { messages: compiled.request.messages, params: compiled.request.params, samples: compiled.samples, strategy: spec.strategy };
}

export type SpecPreview = { issues: SpecIssue[]; rendered: RenderedPrompt | null };

/**
 * Checks an unsaved spec as saving would and, when it is valid, renders it with sample values. A missing
 * value is reported as one more issue, so the editor shows every problem in one place.
 */
export function previewSpec(spec: PromptVersionSpec, values: Record<string, string>, options: { maxSamples?: number } = {}): SpecPreview {
  const maxSamples = options.maxSamples ?? env().LUODI_MAX_SAMPLES;
  const issues = findSpecIssues(spec, maxSamples);
  if (issues.length > 0) return { issues, rendered: null };

  try {
    return { issues: [], rendered: renderPrompt(spec, values, { maxSamples }) };
  } catch (error) {
    if (!isAppError(error) || !error.options.reason?.startsWith("prompts.")) throw error;
    const issue: SpecIssue = { reason: error.options.reason as SpecIssue["reason"], message: error.publicMessage, params: error.options.params ?? {} };
    return { issues: [issue], rendered: null };
  }
}
