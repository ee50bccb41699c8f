import { RAW_PREVIEW_CHARS } from "../model";

/** One cut from the array: an element's text, an element too long to keep, or a gap between commas. */
export type ArrayEvent =
  | { kind: "element"; line: number; text: string }
  | { kind: "too_long"; line: number; chars: number; head: string }
  | { kind: "empty_element"; line: number; trailing: boolean }
  | { kind: "unclosed_array"; line: number };

/** Thrown when the document's top-level value is not an array or an object holding one. */
export class NotAnArrayError extends Error {
  constructor(readonly found: string) {
    super(`top-level value is ${found}`);
    this.name = "NotAnArrayError";
  }
}

type Phase = "before" | "object" | "array" | "done";

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Stops of a scan inside a string: its closing quote or the next escape. */
const STRING_STOP = /["\\]/g;

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function describeTopLevel(code: number): string {
  if (code === QUOTE) return "a string";
  if (code === 116 || code === 102) return "a boolean";
  if (code === 110) return "null";
  if (code === 45 || (code >= 48 && code <= 57)) return "a number";
  return "not JSON";
}

/**
 * Cuts the elements of a streamed JSON array without parsing them, tracking only string, escape and
 * bracket state. The caller parses each element on its own with JSON.parse. The array is either the
 * top-level value or the first array-valued property of a top-level object such as {"data": [...]}.
 * Inside strings, a native regex search jumps to the next quote or backslash. Text of finished elements
 * is dropped, and an element longer than `maxChars` is counted instead of kept.
 */
export class JsonArrayScanner {
  private buffer = "";
  private pos = 0;
  /** Chars dropped from the front of the buffer so far, to turn buffer indexes into absolute offsets. */
  private dropped = 0;
  private phase: Phase = "before";
  private depth = 0;
  private inString = false;
  private arrayDepth = 0;
  private expectingElement = false;
  private afterComma = false;
  private afterColon = false;
  private elementStart = -1;
  private elementLine = 0;
  private overlong: { line: number; start: number; head: string } | null = null;
  private countedPos = 0;
  private countedLine = 1;

  constructor(private readonly maxChars: number) {}

  get done(): boolean {
    return this.phase === "done";
  }

  push(chunk: string): void {
    const keepFrom = this.elementStart >= 0 ? this.elementStart : this.pos;
    this.lineAt(keepFrom);
    this.buffer = keepFrom === 0 ? this.buffer + chunk : this.buffer.slice(keepFrom) + chunk;
    this.dropped += keepFrom;
    this.pos -= keepFrom;
    this.countedPos -= keepFrom;
    if (this.elementStart >= 0) this.elementStart -= keepFrom;
  }

  /** Returns the next event, or null when more text is needed or the array has ended. */
  next(): ArrayEvent | null {
    const event = this.scan();
    if (event === null) this.guardElementSize();
    return event;
  }

  /** Reports an element or array left open at the end of the file. Call it after the last push. */
  finish(): ArrayEvent | null {
    if (this.phase === "before") return null;
    if (this.phase === "object") throw new NotAnArrayError("an object without an array property");
    if (this.phase === "done") return null;
    this.phase = "done";
    if (this.overlong) return this.overlongEvent(this.buffer.length);
    if (this.elementStart >= 0) {
      return { kind: "element", line: this.elementLine, text: this.buffer.slice(this.elementStart).trimEnd() };
    }
    return { kind: "unclosed_array", line: this.lineAt(this.buffer.length) };
  }

  /** Returns the 1-based line of a buffer index, counting newlines incrementally. */
  private lineAt(index: number): number {
    while (this.countedPos < index) {
      const newline = this.buffer.indexOf("\n", this.countedPos);
      if (newline === -1 || newline >= index) {
        this.countedPos = index;
        break;
      }
      this.countedLine++;
      this.countedPos = newline + 1;
    }
    return this.countedLine;
  }

  private scan(): ArrayEvent | null {
    const text = this.buffer;
    const length = text.length;
    let i = this.pos;

    while (i < length && this.phase !== "done") {
      if (this.inString) {
        STRING_STOP.lastIndex = i;
        const stop = STRING_STOP.exec(text);
        if (stop === null) {
          i = length;
          break;
        }
        if (text.charCodeAt(stop.index) === BACKSLASH) {
          // Wait for the escaped character when the backslash ends the buffer.
          if (stop.index + 1 >= length) {
            i = stop.index;
            break;
          }
          i = stop.index + 2;
          continue;
        }
        this.inString = false;
        i = stop.index + 1;
        continue;
      }

      const code = text.charCodeAt(i);
      if (isWhitespace(code)) {
        i++;
        continue;
      }
      if (this.phase === "before") {
        this.openDocument(code);
        i++;
        continue;
      }
      if (this.phase === "array" && this.depth === this.arrayDepth && this.expectingElement && code !== COMMA && code !== CLOSE_BRACKET) {
        this.startElement(i);
      }

      const event = this.scanStructural(code, i);
      i++;
      if (event) {
        this.pos = i;
        return event;
      }
    }
    this.pos = i;
    return null;
  }

  private openDocument(code: number): void {
    if (code === OPEN_BRACKET) {
      this.phase = "array";
      this.depth = 1;
      this.arrayDepth = 1;
      this.expectingElement = true;
    } else if (code === OPEN_BRACE) {
      this.phase = "object";
      this.depth = 1;
    } else {
      throw new NotAnArrayError(describeTopLevel(code));
    }
  }

  private startElement(index: number): void {
    this.expectingElement = false;
    this.afterComma = false;
    this.elementStart = index;
    this.elementLine = this.lineAt(index);
  }

  /** Updates bracket state for one character outside strings, and returns an event when an element ends. */
  private scanStructural(code: number, index: number): ArrayEvent | null {
    switch (code) {
      case QUOTE:
        this.inString = true;
        return null;
      case OPEN_BRACKET:
      case OPEN_BRACE:
        this.depth++;
        if (this.phase === "object" && this.depth === 2 && code === OPEN_BRACKET && this.afterColon) {
          this.phase = "array";
          this.arrayDepth = 2;
          this.expectingElement = true;
        }
        this.afterColon = false;
        return null;
      case CLOSE_BRACKET:
      case CLOSE_BRACE:
        if (this.phase === "array" && this.depth === this.arrayDepth && code === CLOSE_BRACKET) {
          this.phase = "done";
          return this.endElement(index, true);
        }
        // A stray closer at element level belongs to a malformed element, which JSON.parse reports.
        if (this.phase === "array" && this.depth === this.arrayDepth) return null;
        this.depth--;
        if (this.phase === "object" && this.depth === 0) throw new NotAnArrayError("an object without an array property");
        return null;
      case COMMA:
        this.afterColon = false;
        if (this.phase === "array" && this.depth === this.arrayDepth) {
          const event = this.endElement(index, false);
          this.expectingElement = true;
          this.afterComma = true;
          return event;
        }
        return null;
      case COLON:
        if (this.phase === "object" && this.depth === 1) this.afterColon = true;
        return null;
      default:
        if (this.depth === 1) this.afterColon = false;
        return null;
    }
  }

  private endElement(index: number, closesArray: boolean): ArrayEvent | null {
    if (this.overlong) return this.overlongEvent(index);
    if (this.elementStart < 0) {
      if (closesArray && !this.afterComma) return null;
      return { kind: "empty_element", line: this.lineAt(index), trailing: closesArray };
    }
    const text = this.buffer.slice(this.elementStart, index).trimEnd();
    this.elementStart = -1;
    return { kind: "element", line: this.elementLine, text };
  }

  private overlongEvent(index: number): ArrayEvent {
    const overlong = this.overlong!;
    this.overlong = null;
    return { kind: "too_long", line: overlong.line, chars: this.dropped + index - overlong.start, head: overlong.head };
  }

  /** Switches an element that outgrew maxChars to counting mode, so its text can be dropped. */
  private guardElementSize(): void {
    if (this.elementStart < 0 || this.buffer.length - this.elementStart <= this.maxChars) return;
    const head = [...this.buffer.slice(this.elementStart, this.elementStart + RAW_PREVIEW_CHARS)].join("");
    this.overlong = { line: this.elementLine, start: this.dropped + this.elementStart, head };
    this.elementStart = -1;
  }
}
