import { MAX_RECORD_CHARS, type SourceItem } from "../model";
import { diagnoseJsonError, endsInsideString } from "./json-diagnosis";
import { LineSplitter, type TextLine } from "./line-splitter";
import { cutRaw, describeJsonType, isPlainObject } from "./raw-preview";

/** Maximum lines joined when testing whether a record was cut by raw newlines inside a string. */
const MAX_FRAGMENT_LINES = 50;

/** Lines held while testing for raw newlines, their text joined by escaped newlines, and the first line's parse error. */
type Fragment = { lines: Extract<TextLine, { kind: "line" }>[]; joined: string; firstError: unknown };

function isBlank(text: string): boolean {
  // Most lines start with "{", so the trim only runs for lines that start with whitespace.
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0);
}

/**
 * Turns JSON Lines into source items. A line that ends inside a string is held as a fragment: when the
 * following lines complete it once the raw newlines are escaped, the whole span is reported as one
 * malformed_json error with params.hint "raw_newline" at its first line. Otherwise the first line is
 * reported on its own and the held lines are read again as separate records.
 */
class JsonLinesDecoder {
  private fragment: Fragment | null = null;

  accept(line: TextLine, out: SourceItem[]): void {
    if (this.fragment) this.extendFragment(line, out);
    else this.decodeLine(line, out);
  }

  /** Flushes a fragment still open at the end of the file. */
  finish(out: SourceItem[]): void {
    while (this.fragment) this.abandonFragment(out);
  }

  private decodeLine(line: TextLine, out: SourceItem[]): void {
    if (line.kind === "too_long") {
      out.push({
        kind: "error",
        line: line.line,
        code: "row_too_long",
        params: { chars: line.chars, limit: MAX_RECORD_CHARS },
        raw: line.head,
      });
      return;
    }
    const text = line.text;
    if (isBlank(text)) return;

    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (endsInsideString(text)) this.fragment = { lines: [line], joined: text, firstError: error };
      else out.push(malformedLine(line.line, text, error));
      return;
    }
    if (isPlainObject(value)) {
      out.push({ kind: "record", line: line.line, fields: value, raw: cutRaw(text) });
    } else {
      out.push({ kind: "error", line: line.line, code: "not_an_object", params: { type: describeJsonType(value) }, raw: cutRaw(text) });
    }
  }

  private extendFragment(line: TextLine, out: SourceItem[]): void {
    const fragment = this.fragment!;
    if (line.kind === "too_long") {
      this.abandonFragment(out);
      this.accept(line, out);
      return;
    }

    fragment.lines.push(line);
    // An escaped "\n" replaces the raw line break, so a record cut only by raw newlines parses.
    fragment.joined += `\\n${line.text}`;

    // Only this line is scanned, so a long fragment costs linear time. While the string is still open,
    // JSON.parse cannot succeed and is not tried.
    if (endsInsideString(line.text, true)) {
      const mayContinue = fragment.lines.length < MAX_FRAGMENT_LINES && fragment.joined.length <= MAX_RECORD_CHARS;
      if (!mayContinue) this.abandonFragment(out);
      return;
    }
    // A JSONL record is an object, so text not ending in "}" cannot be one and skips the costly throw.
    if (fragment.joined.trimEnd().endsWith("}") && parses(fragment.joined)) {
      out.push(rawNewlineError(fragment));
      this.fragment = null;
    } else {
      this.abandonFragment(out);
    }
  }

  /** Reports the fragment's first line as malformed and reads the lines held after it again. */
  private abandonFragment(out: SourceItem[]): void {
    const { lines, firstError } = this.fragment!;
    const [first, ...rest] = lines;
    this.fragment = null;
    if (!first) return;
    out.push(malformedLine(first.line, first.text, firstError));
    for (const line of rest) this.accept(line, out);
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function malformedLine(line: number, text: string, error: unknown): SourceItem {
  const problem = diagnoseJsonError(text, error, line);
  return { kind: "error", line, code: problem.code, params: problem.params, raw: cutRaw(text) };
}

function rawNewlineError(fragment: Fragment): SourceItem {
  const first = fragment.lines[0]!;
  const last = fragment.lines[fragment.lines.length - 1]!;
  const source = fragment.lines.map((line) => line.text).join("\n");
  const problem = diagnoseJsonError(first.text, fragment.firstError, first.line);
  return {
    kind: "error",
    line: first.line,
    code: "malformed_json",
    params: { ...problem.params, hint: "raw_newline", endLine: last.line },
    raw: cutRaw(source),
  };
}

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped, `line` 1-based. Items of each text
 * chunk are collected synchronously and then yielded, which keeps per-line overhead close to a plain
 * split-and-parse loop.
 */
export async function* readJsonLines(chunks: AsyncIterable<string>): AsyncGenerator<SourceItem> {
  const splitter = new LineSplitter(MAX_RECORD_CHARS);
  const decoder = new JsonLinesDecoder();
  const out: SourceItem[] = [];

  for await (const chunk of chunks) {
    splitter.push(chunk);
    for (let line = splitter.next(); line !== null; line = splitter.next()) decoder.accept(line, out);
    for (const item of out) yield item;
    out.length = 0;
  }

  const last = splitter.finish();
  if (last) decoder.accept(last, out);
  decoder.finish(out);
  for (const item of out) yield item;
}
