import { RAW_PREVIEW_CHARS } from "../model";

/** A line without its line break, or the 1-based number and size of a line longer than the limit. */
export type TextLine =
  | { kind: "line"; line: number; text: string }
  | { kind: "too_long"; line: number; chars: number; head: string };

const CARRIAGE_RETURN = 13;

/**
 * Splits streamed text into LF or CRLF terminated lines with indexOf. Memory stays bounded: once an
 * unfinished line grows past `maxChars`, its text is dropped and only its length is counted until the
 * next newline, where it is returned as `too_long`.
 */
export class LineSplitter {
  private buffer = "";
  private offset = 0;
  private lineNumber = 0;
  private overlong: { line: number; chars: number; head: string } | null = null;

  constructor(private readonly maxChars: number) {}

  push(chunk: string): void {
    this.buffer = this.offset === 0 ? this.buffer + chunk : this.buffer.slice(this.offset) + chunk;
    this.offset = 0;
  }

  /** Returns the next complete line, or null when the buffered text contains no complete line. */
  next(): TextLine | null {
    const newline = this.buffer.indexOf("\n", this.offset);
    if (newline === -1) {
      this.dropOverlongTail();
      return null;
    }
    const start = this.offset;
    this.offset = newline + 1;
    return this.makeLine(start, newline);
  }

  /** Returns the last line when the text does not end with a newline. Call it once after the last push. */
  finish(): TextLine | null {
    const start = this.offset;
    this.offset = this.buffer.length;
    if (start === this.buffer.length && this.overlong === null) return null;
    return this.makeLine(start, this.buffer.length);
  }

  private makeLine(start: number, end: number): TextLine {
    const stop = end > start && this.buffer.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end;
    if (this.overlong) {
      const overlong = { kind: "too_long" as const, ...this.overlong, chars: this.overlong.chars + (stop - start) };
      this.overlong = null;
      return overlong;
    }
    this.lineNumber++;
    if (stop - start > this.maxChars) {
      const head = this.buffer.slice(start, start + RAW_PREVIEW_CHARS);
      return { kind: "too_long", line: this.lineNumber, chars: stop - start, head };
    }
    return { kind: "line", line: this.lineNumber, text: this.buffer.slice(start, stop) };
  }

  /** Counts and drops the unfinished line once it is known to be too long. */
  private dropOverlongTail(): void {
    const pending = this.buffer.length - this.offset;
    if (this.overlong === null) {
      if (pending <= this.maxChars) return;
      this.lineNumber++;
      // Copy the head out of the buffer so the dropped text can be freed.
      const head = [...this.buffer.slice(this.offset, this.offset + RAW_PREVIEW_CHARS)].join("");
      this.overlong = { line: this.lineNumber, chars: 0, head };
    }
    // A CR at the very end may be the first half of a CRLF, so it is counted when the LF arrives.
    const keep = this.buffer.charCodeAt(this.buffer.length - 1) === CARRIAGE_RETURN ? 1 : 0;
    this.overlong.chars += pending - keep;
    this.buffer = this.buffer.slice(this.buffer.length - keep);
    this.offset = 0;
  }
}
