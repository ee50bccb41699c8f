import type { SpecIssue } from "./errors";
import { findSchemaProblem } from "./output-schema";
import { findStrategyIssue } from "./strategy";
import { findTemplateIssues } from "./template-issues";
import type { PromptVersionSpec } from "./types";

/**
 * Every problem that stops a version spec from being saved: template issues, a missing user turn, the
 * strategy's checks and an invalid output schema.
 */
export function findSpecIssues(spec: PromptVersionSpec, maxSamples: number): SpecIssue[] {
  const issues = findTemplateIssues(spec.messages, spec.variables);

  if (!spec.messages.some((message) => message.role === "user")) {
    issues.push({ reason: "prompts.no_user_message", message: "A prompt needs at least one user message, which the input goes into", params: {} });
  }

  const strategyIssue = findStrategyIssue(spec.strategy, spec.fewShotExamples.length, maxSamples);
  if (strategyIssue) issues.push(strategyIssue);

  if (spec.outputSchema !== null) {
    const problem = findSchemaProblem(spec.outputSchema);
    if (problem) {
      const path = problem.path || "/";
      issues.push({
        reason: "prompts.invalid_schema",
        message: `The output schema is not a valid JSON Schema: ${path} ${problem.message}`,
        params: { path, detail: problem.message },
      });
    }
  }
  return issues;
}
