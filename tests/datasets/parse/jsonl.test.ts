import { writeFile } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_RECORD_CHARS, RAW_PREVIEW_CHARS } from "@/lib/datasets/model";
import { openSource } from "@/lib/datasets/parse";

import { errorsOf, makeTempDir, readFileItems, recordsOf } from "./helpers";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

describe("JSONL reader", () => {
  it("numbers lines from 1 and skips blank lines", async () => {
    const { items, reader } = await readFileItems(dir, "blank.jsonl", '{"a":1}\n\n   \n{"a":2}\r\n{"a":3}');
    expect(items).toEqual([
      { kind: "record", line: 1, fields: { a: 1 }, raw: '{"a":1}' },
      { kind: "record", line: 4, fields: { a: 2 }, raw: '{"a":2}' },
      { kind: "record", line: 5, fields: { a: 3 }, raw: '{"a":3}' },
    ]);
    expect(reader.info.format).toBe("jsonl");
    expect(reader.info.lineEnding).toBe("crlf");
  });

  it("reports a raw-newline break once", async () => {
    const content = ['{"text":"first"}', '{"text":"broken', 'in two","label":"x"}', '{"text":"after"}'].join("\n");
    const { items } = await readFileItems(dir, "raw-newline.jsonl", content);
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.code).toBe("malformed_json");
    expect(errors[0]!.params?.hint).toBe("raw_newline");
    expect(errors[0]!.params?.endLine).toBe(3);
    expect(errors[0]!.raw).toBe('{"text":"broken\nin two","label":"x"}');
    expect(recordsOf(items).map((record) => record.line)).toEqual([1, 4]);
  });

  it("joins a record broken across several lines", async () => {
    const content = ['{"text":"one', "", "three", 'four"}', '{"ok":true}'].join("\n");
    const { items } = await readFileItems(dir, "raw-newlines.jsonl", content);
    expect(errorsOf(items).map((error) => [error.line, error.params?.endLine])).toEqual([[1, 4]]);
    expect(recordsOf(items).map((record) => record.line)).toEqual([5]);
  });

  it("rereads lines after an unfixable fragment", async () => {
    const content = ['{"text":"never closed', '{"a":1}', '{"a":2}'].join("\n");
    const { items } = await readFileItems(dir, "unterminated.jsonl", content);
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.params?.hint).toBeUndefined();
    expect(recordsOf(items).map((record) => record.fields)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("reports a trailing comma with its column", async () => {
    const { items } = await readFileItems(dir, "trailing.jsonl", '{"a":1}\n{"a":1, "b":[1,2,],}\n');
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("trailing_comma");
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.params?.column).toBe(17);
    expect(typeof errors[0]!.params?.message).toBe("string");
  });

  it("reports malformed JSON with the parser message and column", async () => {
    const { items } = await readFileItems(dir, "malformed.jsonl", "{a:1}\n");
    expect(items).toEqual([
      {
        kind: "error",
        line: 1,
        code: "malformed_json",
        params: { message: expect.stringContaining("JSON") as unknown as string, column: 2 },
        raw: "{a:1}",
      },
    ]);
  });

  it("reports values that are not objects", async () => {
    const { items } = await readFileItems(dir, "values.jsonl", '[1,2]\n"text"\n42\nnull\n{"ok":1}\n');
    expect(errorsOf(items).map((error) => [error.line, error.code, error.params?.type])).toEqual([
      [1, "not_an_object", "array"],
      [2, "not_an_object", "string"],
      [3, "not_an_object", "number"],
      [4, "not_an_object", "null"],
    ]);
    expect(recordsOf(items)).toHaveLength(1);
  });

  it("reads a row of 100,000 characters", async () => {
    const text = "长".repeat(100_000);
    const { items } = await readFileItems(dir, "long-row.jsonl", `${JSON.stringify({ text })}\n{"next":1}\n`);
    const records = recordsOf(items);

    expect(errorsOf(items)).toEqual([]);
    expect(records[0]!.fields.text).toBe(text);
    expect(records[0]!.raw).toHaveLength(RAW_PREVIEW_CHARS);
    expect(records[1]!.line).toBe(2);
  });

  it("skips a line over MAX_RECORD_CHARS and reads on", async () => {
    const long = JSON.stringify({ text: "x".repeat(MAX_RECORD_CHARS + 500_000) });
    const content = `{"before":1}\n${long}\n{"after":1}\n`;
    const { items } = await readFileItems(dir, "too-long.jsonl", content);
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("row_too_long");
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.params).toEqual({ chars: long.length, limit: MAX_RECORD_CHARS });
    expect(errors[0]!.raw).toBe(long.slice(0, RAW_PREVIEW_CHARS));
    expect(recordsOf(items).map((record) => [record.line, record.fields])).toEqual([
      [1, { before: 1 }],
      [3, { after: 1 }],
    ]);
  });

  it("keeps __proto__ as an own field", async () => {
    const { items } = await readFileItems(dir, "proto.jsonl", '{"__proto__":{"polluted":true},"a":1}\n');
    const fields = recordsOf(items)[0]!.fields;
    expect(Object.keys(fields)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stops reading when the signal aborts", async () => {
    // Over one read chunk (1 MiB), so the abort lands between chunks.
    const content = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ i, text: "padding ".repeat(8) })).join("\n");
    const controller = new AbortController();
    await writeFile(path.join(dir, "abort.jsonl"), content);
    const opened = await openSource(path.join(dir, "abort.jsonl"), { filename: "abort.jsonl", signal: controller.signal });

    let seen = 0;
    const read = (async () => {
      for await (const item of opened.records()) {
        seen++;
        if (item.kind === "record" && seen === 1) controller.abort();
      }
    })();
    await expect(read).rejects.toThrow(/abort/i);
    expect(seen).toBeLessThan(40_000);
    expect(opened.bytesRead()).toBeLessThan(opened.totalBytes);
  });
});
