import { parse, type CsvError, type Parser } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";

import { MAX_RECORD_CHARS, type SourceItem } from "../model";
import { normalizeHeaders, zipFields } from "./headers";
import { cutRaw } from "./raw-preview";

/**
 * Limit handed to csv-parse. It counts UTF-8 bytes of the field being read, up to 3 per UTF-16 code
 * unit, so 3x MAX_RECORD_CHARS never rejects a record within MAX_RECORD_CHARS. Longer records that
 * slip under it are caught by the character count after parsing.
 */
const CSV_PARSE_MAX_RECORD_SIZE = MAX_RECORD_CHARS * 3;

/** Options shared by the streaming parser and the header sample parser. */
function csvOptions(delimiter: string) {
  return {
    delimiter,
    bom: false,
    record_delimiter: "\n",
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: CSV_PARSE_MAX_RECORD_SIZE,
  };
}

/**
 * Rewrites CRLF and lone CR line breaks as LF. With one single-character line break, the raw text
 * csv-parse returns per record is exactly the input it consumed, which the line numbers and the
 * recovery after a broken record rely on. Quoted values therefore contain LF line breaks only.
 */
async function* normalizeLineBreaks(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let heldCarriageReturn = false;
  for await (const chunk of chunks) {
    let text: string = heldCarriageReturn ? `\r${chunk}` : chunk;
    // A CR ending the chunk may be the first half of a CRLF split across chunks.
    heldCarriageReturn = text.endsWith("\r");
    if (heldCarriageReturn) text = text.slice(0, -1);
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    if (text.length > 0) yield text;
  }
  if (heldCarriageReturn) yield "\n";
}

type ParsedRow = { values: string[]; raw: string };
type RawRecord = { record: string[]; raw: string };

/**
 * One csv-parse stream driven chunk by chunk. csv-parse parses a written chunk synchronously, so its
 * rows are read off the readable side right after each write. An `on_record` callback would be simpler
 * but makes csv-parse build an info object per record, which costs about 20% of the parse time. A
 * parse error destroys the stream, so a new session takes over after one.
 */
class CsvSession {
  readonly rows: ParsedRow[] = [];
  private readonly parser: Parser;

  constructor(delimiter: string) {
    this.parser = parse({ ...csvOptions(delimiter), raw: true });
    // Errors reach the write and end callbacks. This listener keeps them from also being thrown as an
    // unhandled "error" event.
    this.parser.on("error", () => {});
  }

  write(text: string): Promise<CsvError | null> {
    return new Promise((resolve) => {
      this.parser.write(text, (error) => {
        this.drain();
        resolve((error as CsvError | null | undefined) ?? null);
      });
      // Reading also releases the write callback, which the stream holds while its buffer is full.
      this.drain();
    });
  }

  end(): Promise<CsvError | null> {
    return new Promise((resolve) => {
      this.parser.end((error?: Error | null) => {
        this.drain();
        resolve((error as CsvError | null | undefined) ?? null);
      });
    });
  }

  private drain(): void {
    // With `raw: true`, csv-parse 7 emits { record, raw } objects instead of bare arrays.
    for (let row = this.parser.read() as RawRecord | null; row !== null; row = this.parser.read() as RawRecord | null) {
      this.rows.push({ values: row.record, raw: row.raw });
    }
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** Length of the run of line breaks csv-parse skipped as empty lines before a record. */
function leadingNewlines(text: string): number {
  let count = 0;
  while (text.charCodeAt(count) === 10) count++;
  return count;
}

/** Returns the index after the next delimiter or line break at or after `from`, or -1 at the end. */
function nextFieldStart(text: string, from: number, delimiter: string): number {
  const delimiterIndex = text.indexOf(delimiter, from);
  const newlineIndex = text.indexOf("\n", from);
  if (delimiterIndex === -1 && newlineIndex === -1) return -1;
  if (delimiterIndex === -1) return newlineIndex + 1;
  if (newlineIndex === -1) return delimiterIndex + 1;
  return Math.min(delimiterIndex, newlineIndex) + 1;
}

/** Returns the index of the opening quote of the quoted field that never closes, or -1. */
function findUnclosedQuote(text: string, delimiter: string): number {
  let fieldStart = 0;
  while (fieldStart !== -1 && fieldStart < text.length) {
    if (text[fieldStart] !== '"') {
      fieldStart = nextFieldStart(text, fieldStart, delimiter);
      continue;
    }
    let search = fieldStart + 1;
    for (;;) {
      const quote = text.indexOf('"', search);
      if (quote === -1) return fieldStart;
      // A doubled quote is an escaped quote inside the field.
      if (text[quote + 1] === '"') {
        search = quote + 2;
        continue;
      }
      fieldStart = nextFieldStart(text, quote + 1, delimiter);
      break;
    }
  }
  return -1;
}

function isBlankRow(values: readonly string[]): boolean {
  return values.every((value) => value.trim() === "");
}

function recordChars(values: readonly string[]): number {
  let chars = 0;
  for (const value of values) chars += value.length;
  return chars;
}

/**
 * Reads CSV or TSV text (RFC 4180 quoting) into records keyed by the header row. It tracks line numbers
 * and the text not yet attributed to a record. So when csv-parse cannot finish a record (an unclosed
 * quote at the end of the file, or a record past the size limit), the error names the line where the
 * record starts, and reading resumes on the line after it.
 */
class DelimitedReader {
  private session: CsvSession;
  /** Text given to csv-parse but not yet returned as part of a row's raw text. */
  private pending = "";
  /** Line breaks before `pending`, so the next record starts at line `linesBefore + 1` or later. */
  private linesBefore = 0;
  private columns: string[] | null = null;
  /** Whether text up to the next newline is dropped, because a broken record's first line has not ended. */
  private skippingLine = false;

  constructor(private readonly delimiter: string) {
    this.session = new CsvSession(delimiter);
  }

  async write(text: string, out: SourceItem[]): Promise<void> {
    let input = text;
    if (this.skippingLine) {
      const newline = input.indexOf("\n");
      if (newline === -1) return;
      this.skippingLine = false;
      input = input.slice(newline + 1);
    }
    this.pending += input;
    await this.feed(input, out);
  }

  async end(out: SourceItem[]): Promise<void> {
    for (;;) {
      const error = await this.session.end();
      this.takeRows(out);
      if (error === null) return;
      await this.feed(this.recover(error, out), out);
    }
  }

  /** Writes text that is already part of `pending` to the session, recovering from broken records. */
  private async feed(input: string, out: SourceItem[]): Promise<void> {
    let text = input;
    while (text.length > 0) {
      const error = await this.session.write(text);
      this.takeRows(out);
      if (error === null) return;
      text = this.recover(error, out);
    }
  }

  private takeRows(out: SourceItem[]): void {
    const rows = this.session.rows;
    let consumed = 0;
    for (const row of rows) {
      consumed += row.raw.length;
      const skipped = leadingNewlines(row.raw);
      const line = this.linesBefore + skipped + 1;
      this.linesBefore += countNewlines(row.raw);
      const source = row.raw.endsWith("\n") ? row.raw.slice(skipped, -1) : row.raw.slice(skipped);
      this.emitRow(row.values, line, source, out);
    }
    rows.length = 0;
    if (consumed > 0) this.pending = this.pending.slice(consumed);
  }

  private emitRow(values: string[], line: number, source: string, out: SourceItem[]): void {
    if (isBlankRow(values)) return;
    if (this.columns === null) {
      this.columns = normalizeHeaders(values);
      return;
    }
    const chars = recordChars(values);
    if (chars > MAX_RECORD_CHARS) {
      out.push({ kind: "error", line, code: "row_too_long", params: { chars, limit: MAX_RECORD_CHARS }, raw: cutRaw(source) });
    } else if (values.length !== this.columns.length) {
      const params = { expected: this.columns.length, found: values.length };
      out.push({ kind: "error", line, code: "column_count", params, raw: cutRaw(source) });
    } else {
      out.push({ kind: "record", line, fields: zipFields(this.columns, values), raw: cutRaw(source) });
    }
  }

  /**
   * Reports the record csv-parse gave up on, starts a new session and returns the text to feed it: the
   * pending text from the line after the one the broken record starts on. When that line has not ended
   * yet, later text is skipped up to its newline. Errors other than an unclosed quote or an oversized
   * record are rethrown.
   */
  private recover(error: CsvError, out: SourceItem[]): string {
    if (error.code !== "CSV_QUOTE_NOT_CLOSED" && error.code !== "CSV_MAX_RECORD_SIZE") throw error;
    const skipped = leadingNewlines(this.pending);
    const line = this.linesBefore + skipped + 1;
    const recordText = this.pending.slice(skipped);
    const firstLineEnd = recordText.indexOf("\n");

    if (error.code === "CSV_QUOTE_NOT_CLOSED") {
      const quoteIndex = findUnclosedQuote(recordText, this.delimiter);
      const quoteLine = quoteIndex === -1 ? line : line + countNewlines(recordText.slice(0, quoteIndex));
      out.push({ kind: "error", line, code: "unclosed_quote", params: { quoteLine }, raw: cutRaw(recordText) });
    } else {
      // The record is cut where csv-parse stopped, so `chars` counts what was read of it: at least the limit.
      const params = { chars: recordText.length, limit: MAX_RECORD_CHARS };
      out.push({ kind: "error", line, code: "row_too_long", params, raw: cutRaw(recordText) });
    }

    this.session = new CsvSession(this.delimiter);
    this.linesBefore = line;
    this.skippingLine = firstLineEnd === -1;
    this.pending = firstLineEnd === -1 ? "" : recordText.slice(firstLineEnd + 1);
    return this.pending;
  }
}

/** Reads CSV or TSV text as DelimitedReader describes. The header row is not yielded. */
export async function* readDelimited(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<SourceItem> {
  const reader = new DelimitedReader(delimiter);
  const out: SourceItem[] = [];
  for await (const text of normalizeLineBreaks(chunks)) {
    await reader.write(text, out);
    for (const item of out) yield item;
    out.length = 0;
  }
  await reader.end(out);
  for (const item of out) yield item;
}

/**
 * Reads the column names from a decoded sample of the file's start, the same way readDelimited names
 * them. Returns undefined when the sample contains no complete header row.
 */
export function readHeaderFromSample(sample: string, delimiter: string, sampleIsComplete: boolean): string[] | undefined {
  let text = sample.replace(/\r\n?/g, "\n");
  if (!sampleIsComplete) text = text.slice(0, text.lastIndexOf("\n") + 1);
  try {
    const rows = parseSync(text, { ...csvOptions(delimiter), to: 1 }) as string[][];
    const header = rows.find((row) => !isBlankRow(row));
    return header ? normalizeHeaders(header) : undefined;
  } catch {
    return undefined;
  }
}
