import type { SpecIssue } from "./errors";
import { isVariableName, lineAndColumn, scanMessages } from "./template";
import type { PromptMessage, PromptVariable } from "./types";

/*
 * Template checks without server dependencies, so the editor in the browser marks the same problems that
 * saving reports.
 */

/** Locates an issue in the template: message index (0-based) and its 1-based number, offset, line and column. */
function position(messages: readonly PromptMessage[], message: number, offset: number) {
  const { line, column } = lineAndColumn(messages[message]?.content ?? "", offset);
  return { message, messageNumber: message + 1, offset, line, column };
}

/**
 * Finds syntax errors, invalid or duplicate variable declarations and placeholders that no variable
 * declares, in message order. An empty list means the messages render once every variable has a value.
 */
export function findTemplateIssues(messages: readonly PromptMessage[], variables: readonly PromptVariable[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const scanned = scanMessages(messages);

  for (const issue of scanned.issues) {
    const where = position(messages, issue.message, issue.offset);
    if (issue.reason === "prompts.unclosed_placeholder") {
      issues.push({
        reason: issue.reason,
        message: `Message ${where.messageNumber} has a {{ without a closing }} at offset ${issue.offset} (line ${where.line}, column ${where.column}); close it, or write \\{{ for literal braces`,
        params: where,
      });
    } else {
      issues.push({
        reason: issue.reason,
        message: `Message ${where.messageNumber} has an invalid placeholder ${issue.text} at offset ${issue.offset}; names use letters, digits, _ and . only`,
        params: { ...where, text: issue.text },
      });
    }
  }

  const declared = new Set<string>();
  for (const variable of variables) {
    if (!isVariableName(variable.name)) {
      issues.push({
        reason: "prompts.invalid_variable_name",
        message: `Variable name "${variable.name}" is invalid; use letters, digits, _ and . only`,
        params: { name: variable.name },
      });
    } else if (declared.has(variable.name)) {
      issues.push({ reason: "prompts.duplicate_variable", message: `Variable "${variable.name}" is declared twice; remove one`, params: { name: variable.name } });
    }
    declared.add(variable.name);
  }

  for (const placeholder of scanned.placeholders) {
    if (declared.has(placeholder.name)) continue;
    const where = position(messages, placeholder.message, placeholder.offset);
    issues.push({
      reason: "prompts.undefined_variable",
      message: `Message ${where.messageNumber} uses {{${placeholder.name}}} at offset ${placeholder.offset} (line ${where.line}, column ${where.column}) but no variable of that name is declared; declare it or fix the name`,
      params: { name: placeholder.name, ...where },
    });
  }
  return issues;
}
