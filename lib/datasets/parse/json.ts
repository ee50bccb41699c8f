import { MAX_RECORD_CHARS, SourceFileError, type SourceItem } from "../model";
import { JsonArrayScanner, NotAnArrayError, type ArrayEvent } from "./json-array-scanner";
import { diagnoseJsonError } from "./json-diagnosis";
import { cutRaw, describeJsonType, isPlainObject } from "./raw-preview";

function decodeElement(event: ArrayEvent): SourceItem {
  switch (event.kind) {
    case "too_long":
      return {
        kind: "error",
        line: event.line,
        code: "row_too_long",
        params: { chars: event.chars, limit: MAX_RECORD_CHARS },
        raw: event.head,
      };
    case "empty_element":
      return event.trailing
        ? { kind: "error", line: event.line, code: "trailing_comma", params: { message: "Trailing comma before ']'" }, raw: "" }
        : { kind: "error", line: event.line, code: "malformed_json", params: { message: "Missing value between commas" }, raw: "" };
    case "unclosed_array":
      return {
        kind: "error",
        line: event.line,
        code: "malformed_json",
        params: { message: "The JSON array is not closed: ']' is missing at the end of the file" },
        raw: "",
      };
    case "element":
      return decodeElementText(event.text, event.line);
  }
}

function decodeElementText(text: string, line: number): SourceItem {
  if (text.length > MAX_RECORD_CHARS) {
    return { kind: "error", line, code: "row_too_long", params: { chars: text.length, limit: MAX_RECORD_CHARS }, raw: cutRaw(text) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = diagnoseJsonError(text, error, line);
    return { kind: "error", line, code: problem.code, params: problem.params, raw: cutRaw(text) };
  }
  if (!isPlainObject(value)) {
    return { kind: "error", line, code: "not_an_object", params: { type: describeJsonType(value) }, raw: cutRaw(text) };
  }
  return { kind: "record", line, fields: value, raw: cutRaw(text) };
}

function notAnArray(filename: string, found: string): SourceFileError {
  return new SourceFileError(
    "json_not_array",
    `"${filename}" does not hold a JSON array of records: its top-level value is ${found}. ` +
      'Put the records in an array, such as [{...}, {...}] or {"data": [{...}]}, or upload them as JSONL with one object per line.',
    { filename, found },
  );
}

/**
 * Reads a JSON document holding an array of objects, either at the top level or as the first
 * array-valued property of the top-level object, element by element. `line` is where each element
 * starts. Throws SourceFileError("json_not_array") when the document contains no such array.
 */
export async function* readJsonArray(chunks: AsyncIterable<string>, filename: string): AsyncGenerator<SourceItem> {
  const scanner = new JsonArrayScanner(MAX_RECORD_CHARS);
  const out: SourceItem[] = [];
  try {
    for await (const chunk of chunks) {
      scanner.push(chunk);
      for (let event = scanner.next(); event !== null; event = scanner.next()) out.push(decodeElement(event));
      for (const item of out) yield item;
      out.length = 0;
      if (scanner.done) return;
    }
    const last = scanner.finish();
    if (last) yield decodeElement(last);
  } catch (error) {
    if (error instanceof NotAnArrayError) throw notAnArray(filename, error.found);
    throw error;
  }
}
