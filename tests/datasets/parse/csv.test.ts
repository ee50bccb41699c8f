import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_RECORD_CHARS, RAW_PREVIEW_CHARS } from "@/lib/datasets/model";

import { errorsOf, makeTempDir, readFileItems, recordsOf } from "./helpers";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

describe("CSV reader", () => {
  it("parses quoted newlines, commas and quotes", async () => {
    const content = 'text,label\n"line one\nline two, with comma",a\n"say ""hi""",b\nplain,c\n';
    const { items, reader } = await readFileItems(dir, "quoted.csv", content);
    expect(reader.info.columns).toEqual(["text", "label"]);
    expect(items).toEqual([
      { kind: "record", line: 2, fields: { text: "line one\nline two, with comma", label: "a" }, raw: '"line one\nline two, with comma",a' },
      { kind: "record", line: 4, fields: { text: 'say "hi"', label: "b" }, raw: '"say ""hi""",b' },
      { kind: "record", line: 5, fields: { text: "plain", label: "c" }, raw: "plain,c" },
    ]);
  });

  it("reads CRLF files with CRLF inside quotes", async () => {
    const content = 'text,label\r\n"a\r\nb",x\r\n\r\nnext,y\r\n';
    const { items, reader } = await readFileItems(dir, "crlf.csv", content);
    expect(reader.info.lineEnding).toBe("crlf");
    expect(recordsOf(items).map((record) => [record.line, record.fields])).toEqual([
      [2, { text: "a\nb", label: "x" }],
      [5, { text: "next", label: "y" }],
    ]);
  });

  it("reports rows with the wrong field count", async () => {
    const { items } = await readFileItems(dir, "count.csv", "a,b\n1,2\n1,2,3\n4\n5,6");
    expect(errorsOf(items)).toEqual([
      { kind: "error", line: 3, code: "column_count", params: { expected: 2, found: 3 }, raw: "1,2,3" },
      { kind: "error", line: 4, code: "column_count", params: { expected: 2, found: 1 }, raw: "4" },
    ]);
    expect(recordsOf(items).map((record) => record.line)).toEqual([2, 5]);
  });

  it("reports an unclosed quote and reads the lines after it", async () => {
    const { items } = await readFileItems(dir, "unclosed.csv", 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("unclosed_quote");
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.params).toEqual({ quoteLine: 3 });
    expect(recordsOf(items).map((record) => [record.line, record.fields])).toEqual([
      [2, { a: "1", b: "2" }],
      [4, { a: "4", b: "5" }],
      [5, { a: "6", b: "7" }],
    ]);
  });

  it("names empty and repeated headers", async () => {
    const { reader, items } = await readFileItems(dir, "headers.csv", " ,name,name,,name_2\n0,a,b,c,d\n");
    const columns = ["column_1", "name", "name_3", "column_4", "name_2"];
    expect(reader.info.columns).toEqual(columns);
    expect(Object.keys(recordsOf(items)[0]!.fields)).toEqual(columns);
  });

  it("sniffs a tab delimiter in a .csv file", async () => {
    const { reader, items } = await readFileItems(dir, "tabs.csv", "text\tlabel\nhello, world\tgreet\nbye\tleave\n");
    expect(reader.info.delimiter).toBe("\t");
    expect(recordsOf(items).map((record) => record.fields)).toEqual([
      { text: "hello, world", label: "greet" },
      { text: "bye", label: "leave" },
    ]);
  });

  it("sniffs semicolon and pipe delimiters", async () => {
    const semicolon = await readFileItems(dir, "semicolon.csv", "a;b;c\n1,5;2;3\n4;5;6\n");
    expect(semicolon.reader.info.delimiter).toBe(";");
    expect(recordsOf(semicolon.items)[0]!.fields).toEqual({ a: "1,5", b: "2", c: "3" });

    const pipe = await readFileItems(dir, "pipe.csv", "a|b\n1|2\n");
    expect(pipe.reader.info.delimiter).toBe("|");
  });

  it("yields nothing for a header-only file", async () => {
    const { reader, items } = await readFileItems(dir, "header-only.csv", "text,label\n");
    expect(items).toEqual([]);
    expect(reader.info.columns).toEqual(["text", "label"]);
  });

  it("skips blank rows", async () => {
    const { items } = await readFileItems(dir, "blank-rows.csv", "a,b\n\n1,2\n,\n   \n3,4\n");
    expect(errorsOf(items)).toEqual([]);
    expect(recordsOf(items).map((record) => record.line)).toEqual([3, 6]);
  });

  it("reads a row of 100,000 characters", async () => {
    const text = "字,".repeat(50_000);
    const { items } = await readFileItems(dir, "long.csv", `text,label\n"${text}",x\nnext,y\n`);
    const records = recordsOf(items);

    expect(errorsOf(items)).toEqual([]);
    expect(records[0]!.fields.text).toBe(text);
    expect(records[0]!.raw).toHaveLength(RAW_PREVIEW_CHARS);
    expect(records[1]!.line).toBe(3);
  });

  it("reports a row over MAX_RECORD_CHARS and reads on", async () => {
    const long = "z".repeat(MAX_RECORD_CHARS + 10);
    const { items } = await readFileItems(dir, "too-long.csv", `text,label\nfirst,a\n${long},b\nlast,c\n`);
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("row_too_long");
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.params).toEqual({ chars: MAX_RECORD_CHARS + 11, limit: MAX_RECORD_CHARS });
    expect(recordsOf(items).map((record) => [record.line, record.fields.text])).toEqual([
      [2, "first"],
      [4, "last"],
    ]);
  });

  it("skips a line past the csv-parse limit", async () => {
    // 3.5 million characters exceed the limit csv-parse enforces while reading, before the line ends.
    const long = "w".repeat(3_500_000);
    const { items } = await readFileItems(dir, "huge-line.csv", `text,label\nfirst,a\n${long},b\nlast,c\n`);
    const errors = errorsOf(items);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("row_too_long");
    expect(errors[0]!.line).toBe(3);
    expect(recordsOf(items).map((record) => [record.line, record.fields.text])).toEqual([
      [2, "first"],
      [4, "last"],
    ]);
  });

  it("stops buffering an unclosed quote at the size limit", async () => {
    // An unclosed quote swallows the rest of the file, so csv-parse gives up past its size limit.
    const rows = Array.from({ length: 110_000 }, (_, i) => `row ${i},${"v".repeat(20)}`).join("\n");
    const { items } = await readFileItems(dir, "runaway.csv", `a,b\n"open,1\n${rows}\n`);
    const errors = errorsOf(items);

    expect(errors[0]!.code).toBe("row_too_long");
    expect(errors[0]!.line).toBe(2);
    expect(Number(errors[0]!.params?.chars)).toBeGreaterThan(MAX_RECORD_CHARS);
    expect(recordsOf(items).at(-1)!.fields).toEqual({ a: "row 109999", b: "v".repeat(20) });
  });

  it("reads a TSV with a comma in the header", async () => {
    const { reader, items } = await readFileItems(dir, "data.tsv", "q,a\tlabel\nx,y\tz\n");
    expect(reader.info.columns).toEqual(["q,a", "label"]);
    expect(recordsOf(items)[0]!.fields).toEqual({ "q,a": "x,y", label: "z" });
  });
});
