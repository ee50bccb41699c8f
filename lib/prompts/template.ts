/**
 * The `{{name}}` placeholder syntax of prompt templates. Pure functions without server imports, so the
 * editor in the browser finds placeholders and syntax errors exactly as the server does.
 *
 * Syntax: `{{name}}` or `{{ name }}`, where a name is letters, digits, `_` and `.` (a dot is part of the
 * name, not a path). `\{{` is a literal `{{`. Offsets are UTF-16 code-unit indexes into the message
 * content, the unit a textarea's selectionStart uses.
 */

/** Letters (any script), digits, underscore and dot. */
export const VARIABLE_NAME_PATTERN = /^[\p{L}\p{N}_.]+$/u;
export const VARIABLE_NAME_MAX_LENGTH = 100;

const OPEN = "{{";
const CLOSE = "}}";
const ESCAPED_OPEN = "\\{{";

export type TemplateSegment = { kind: "text"; text: string } | { kind: "placeholder"; name: string; offset: number; length: number };

/** A syntax error in one message; `offset` is where the offending `{{` starts. */
export type TemplateSyntaxIssue =
  | { reason: "prompts.unclosed_placeholder"; offset: number }
  | { reason: "prompts.invalid_placeholder"; offset: number; text: string };

export type ParsedTemplate = { segments: TemplateSegment[]; issues: TemplateSyntaxIssue[] };

/** Splits one message's content into literal text and placeholders, collecting every syntax error. */
export function parseTemplate(content: string): ParsedTemplate {
  const segments: TemplateSegment[] = [];
  const issues: TemplateSyntaxIssue[] = [];
  let literal = "";
  let index = 0;

  const flushLiteral = () => {
    if (literal) segments.push({ kind: "text", text: literal });
    literal = "";
  };

  while (index < content.length) {
    if (content.startsWith(ESCAPED_OPEN, index)) {
      literal += OPEN;
      index += ESCAPED_OPEN.length;
      continue;
    }

    if (!content.startsWith(OPEN, index)) {
      literal += content[index];
      index += 1;
      continue;
    }

    const close = content.indexOf(CLOSE, index + OPEN.length);
    if (close === -1) {
      issues.push({ reason: "prompts.unclosed_placeholder", offset: index });
      // Keep the rest as text so a preview still shows it.
      literal += content.slice(index);
      break;
    }

    const raw = content.slice(index + OPEN.length, close);
    const name = raw.trim();
    const length = close + CLOSE.length - index;
    if (!isVariableName(name)) {
      issues.push({ reason: "prompts.invalid_placeholder", offset: index, text: content.slice(index, index + Math.min(length, 60)) });
      literal += content.slice(index, index + length);
    } else {
      flushLiteral();
      segments.push({ kind: "placeholder", name, offset: index, length });
    }
    index += length;
  }

  flushLiteral();
  return { segments, issues };
}

export function isVariableName(name: string): boolean {
  return name.length > 0 && name.length <= VARIABLE_NAME_MAX_LENGTH && VARIABLE_NAME_PATTERN.test(name);
}

/** One placeholder occurrence: which message (0-based index) and where in its content. */
export type PlaceholderOccurrence = { name: string; message: number; offset: number; length: number };
export type MessageSyntaxIssue = TemplateSyntaxIssue & { message: number };

export type ScannedMessages = {
  placeholders: PlaceholderOccurrence[];
  /** Distinct placeholder names in order of first use. */
  names: string[];
  issues: MessageSyntaxIssue[];
};

/** Parses every message of a template and reports each placeholder and syntax error with its message index. */
export function scanMessages(messages: ReadonlyArray<{ content: string }>): ScannedMessages {
  const placeholders: PlaceholderOccurrence[] = [];
  const issues: MessageSyntaxIssue[] = [];

  messages.forEach((message, messageIndex) => {
    const parsed = parseTemplate(message.content);
    for (const segment of parsed.segments) {
      if (segment.kind === "placeholder") placeholders.push({ name: segment.name, message: messageIndex, offset: segment.offset, length: segment.length });
    }
    for (const issue of parsed.issues) issues.push({ ...issue, message: messageIndex });
  });

  const names = [...new Set(placeholders.map((placeholder) => placeholder.name))];
  return { placeholders, names, issues };
}

/**
 * Renders parsed segments, asking `valueOf` for each placeholder. The caller has checked that every
 * name has a value; values are inserted as they are, so braces inside a value are never re-parsed.
 */
export function renderSegments(segments: readonly TemplateSegment[], valueOf: (name: string) => string): string {
  return segments.map((segment) => (segment.kind === "text" ? segment.text : valueOf(segment.name))).join("");
}

/** Converts a content offset to a 1-based line and column, for messages such as "line 3, column 7". */
export function lineAndColumn(content: string, offset: number): { line: number; column: number } {
  const before = content.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - lastBreak };
}
