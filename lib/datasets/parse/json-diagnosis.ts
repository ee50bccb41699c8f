import type { IssueCode } from "../model";

/** Longest JSON.parse message kept in params, because V8 quotes the whole input in some messages. */
const MAX_MESSAGE_CHARS = 300;

const BACKSLASH = 92;

function isEscaped(text: string, quoteIndex: number): boolean {
  let backslashes = 0;
  for (let i = quoteIndex - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * Tells whether JSON text ends inside an unterminated string, as a record cut by a raw newline does.
 * `startsInside` continues the scan of text that follows an unterminated string.
 */
export function endsInsideString(text: string, startsInside = false): boolean {
  let inside = startsInside;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) {
    if (!inside) inside = true;
    else if (!isEscaped(text, i)) inside = false;
  }
  return inside;
}

/** Returns the index of the first comma followed only by whitespace before a `}` or `]`, or -1. */
export function findTrailingComma(text: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
    } else if (char === ",") {
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next] ?? "")) next++;
      if (text[next] === "}" || text[next] === "]") return i;
    }
  }
  return -1;
}

/** Tells whether a string literal in the JSON text contains a raw line break. */
export function hasRawNewlineInString(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      else if (char === "\n" || char === "\r") return true;
    } else if (char === '"') {
      inString = true;
    }
  }
  return false;
}

export type JsonProblem = { code: Extract<IssueCode, "malformed_json" | "trailing_comma">; params: Record<string, string | number> };

/** Converts an index in `text` into a 1-based line offset from the start of `text` and a 1-based column. */
function locate(text: string, index: number): { lineOffset: number; column: number } {
  let lineOffset = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    lineOffset++;
    lineStart = i + 1;
  }
  return { lineOffset, column: index - lineStart + 1 };
}

/**
 * Describes why JSON.parse rejected `text`: a trailing comma gets its own code, a raw line break inside
 * a string gets params.hint "raw_newline", and anything else is malformed_json. Params carry the
 * JSON.parse message, the 1-based column of the fault when known and, for text spanning several lines,
 * `errorLine`: the absolute line number of the fault given the line `text` starts on.
 */
export function diagnoseJsonError(text: string, error: unknown, startLine: number): JsonProblem {
  const rawMessage = error instanceof Error ? error.message : String(error);
  const message = rawMessage.length > MAX_MESSAGE_CHARS ? `${rawMessage.slice(0, MAX_MESSAGE_CHARS)}…` : rawMessage;
  const params: Record<string, string | number> = { message };

  const trailingComma = findTrailingComma(text);
  // V8 (Node 20 and later) ends most JSON.parse messages with "at position N".
  const position = /at position (\d+)/.exec(rawMessage);
  let faultIndex = trailingComma;
  if (faultIndex === -1 && position) faultIndex = Number(position[1]);
  if (faultIndex !== -1) {
    const { lineOffset, column } = locate(text, faultIndex);
    params.column = column;
    if (text.includes("\n")) params.errorLine = startLine + lineOffset;
  }

  if (trailingComma !== -1) return { code: "trailing_comma", params };
  if (hasRawNewlineInString(text)) params.hint = "raw_newline";
  return { code: "malformed_json", params };
}
