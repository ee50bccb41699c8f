import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_RECORD_CHARS, SourceFileError } from "@/lib/datasets/model";

import { errorsOf, makeTempDir, readFileItems, recordsOf } from "./helpers";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

describe("JSON array reader", () => {
  it("reads a top-level array with element lines", async () => {
    const content = '[\n  {"a": 1, "s": "x]},[{"},\n  {\n    "a": 2\n  }\n]\n';
    const { items, reader } = await readFileItems(dir, "array.json", content);
    expect(reader.info.format).toBe("json");
    expect(items).toEqual([
      { kind: "record", line: 2, fields: { a: 1, s: "x]},[{" }, raw: '{"a": 1, "s": "x]},[{"}' },
      { kind: "record", line: 3, fields: { a: 2 }, raw: '{\n    "a": 2\n  }' },
    ]);
  });

  it("reads the array property of a top-level object", async () => {
    const content = '{"version": "1", "meta": {"list": [1]}, "data": [{"q": "a\\"[b"}, {"q": "c"}], "after": [{"x": 1}]}';
    const { items } = await readFileItems(dir, "wrapped.json", content);
    expect(recordsOf(items).map((record) => record.fields)).toEqual([{ q: 'a"[b' }, { q: "c" }]);
  });

  it("reports a malformed element and reads on", async () => {
    const content = '[\n{"a": 1},\n{"a": oops},\n{"a": 3, },\n{"a": 4}\n]';
    const { items } = await readFileItems(dir, "malformed.json", content);
    const errors = errorsOf(items);

    expect(errors.map((error) => [error.line, error.code])).toEqual([
      [3, "malformed_json"],
      [4, "trailing_comma"],
    ]);
    expect(errors[0]!.raw).toBe('{"a": oops}');
    expect(errors[0]!.params?.message).toEqual(expect.any(String));
    expect(recordsOf(items).map((record) => [record.line, record.fields])).toEqual([
      [2, { a: 1 }],
      [5, { a: 4 }],
    ]);
  });

  it("reports a trailing comma before the closing bracket", async () => {
    const { items } = await readFileItems(dir, "trailing.json", '[{"a":1},\n{"a":2},\n]');
    expect(recordsOf(items)).toHaveLength(2);
    expect(errorsOf(items).map((error) => [error.line, error.code])).toEqual([[3, "trailing_comma"]]);
  });

  it("hints at a raw newline inside a string", async () => {
    const { items } = await readFileItems(dir, "newline.json", '[{"text": "two\nlines"}, {"ok": 1}]');
    const errors = errorsOf(items);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.params?.hint).toBe("raw_newline");
    expect(recordsOf(items)).toHaveLength(1);
  });

  it("reports elements that are not objects", async () => {
    const { items } = await readFileItems(dir, "scalars.json", '[1, "x", [2], {"ok": 1}]');
    expect(errorsOf(items).map((error) => error.params?.type)).toEqual(["number", "string", "array"]);
  });

  it("reports an array left open at the end", async () => {
    const { items } = await readFileItems(dir, "open.json", '[{"a": 1},\n{"a": 2');
    expect(recordsOf(items)).toHaveLength(1);
    expect(errorsOf(items).map((error) => [error.line, error.code])).toEqual([[2, "malformed_json"]]);
  });

  it("counts an element over MAX_RECORD_CHARS without keeping it", async () => {
    const long = JSON.stringify({ text: "y".repeat(MAX_RECORD_CHARS + 300_000) });
    const { items } = await readFileItems(dir, "long.json", `[\n{"a":1},\n${long},\n{"a":2}\n]`);
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("row_too_long");
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.params).toEqual({ chars: long.length, limit: MAX_RECORD_CHARS });
    expect(recordsOf(items).map((record) => record.line)).toEqual([2, 4]);
  });

  it("rejects a top-level value that holds no array", async () => {
    for (const [name, content, found] of [
      ["object.json", '{"a": 1, "b": {"c": [1]}}', "an object without an array property"],
      ["number.json", "42", "a number"],
      ["string.json", '"text"', "a string"],
    ] as const) {
      const failure = readFileItems(dir, name, content);
      await expect(failure, name).rejects.toBeInstanceOf(SourceFileError);
      await expect(failure, name).rejects.toMatchObject({ code: "json_not_array", params: { filename: name, found } });
      await expect(failure, name).rejects.toThrow(name);
    }
  });

  it("yields nothing for an empty array or whitespace", async () => {
    expect((await readFileItems(dir, "empty-array.json", " [ ] ")).items).toEqual([]);
    expect((await readFileItems(dir, "spaces.json", " \n ")).items).toEqual([]);
  });
});
