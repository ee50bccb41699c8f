import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SourceFileError } from "@/lib/datasets/model";
import { detectFormat, openSource } from "@/lib/datasets/parse";

import { makeTempDir, readFileItems, recordsOf } from "./helpers";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

const PNG_HEADER = Buffer.from("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61", "hex");

async function openError(name: string, content: string | Buffer, options: { encoding?: string } = {}): Promise<SourceFileError> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const error = await openSource(file, { filename: name, ...options }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SourceFileError);
  return error as SourceFileError;
}

describe("file checks", () => {
  it("rejects a 0-byte file as empty_file", async () => {
    const error = await openError("empty.csv", "");
    expect(error.code).toBe("empty_file");
    expect(error.message).toContain('"empty.csv"');
  });

  it("rejects a file holding only a BOM as empty_file", async () => {
    const error = await openError("bom-only.jsonl", Buffer.from([0xef, 0xbb, 0xbf]));
    expect(error.code).toBe("empty_file");
  });

  it("rejects random bytes renamed .csv as binary_file", async () => {
    const bytes = randomBytes(4096);
    bytes[10] = 0;
    const error = await openError("random.csv", bytes);
    expect(error.code).toBe("binary_file");
    expect(error.message).toMatch(/"random\.csv" is not a text CSV file/);
    expect(error.params).toEqual({ filename: "random.csv", format: "csv" });
  });

  it("rejects a PNG renamed .csv as binary_file", async () => {
    const error = await openError("image.csv", Buffer.concat([PNG_HEADER, randomBytes(2048)]));
    expect(error.code).toBe("binary_file");
  });

  it("rejects control characters without NUL bytes as binary_file", async () => {
    const bytes = Buffer.alloc(2000, 0x41);
    for (let i = 0; i < bytes.length; i += 5) bytes[i] = 0x01;
    const error = await openError("controls.jsonl", bytes);
    expect(error.code).toBe("binary_file");
  });

  it("rejects a workbook renamed .csv as binary_file", async () => {
    const error = await openError("workbook.csv", Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(100, 0x41)]));
    expect(error.code).toBe("binary_file");
    expect(error.message).toContain("ZIP archive");
  });

  it("reports a missing file as file_missing", async () => {
    const error = await openSource(path.join(dir, "nope.csv"), { filename: "nope.csv" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "file_missing", params: { filename: "nope.csv" } });
  });

  it("yields nothing for a whitespace-only file", async () => {
    const { items } = await readFileItems(dir, "spaces.jsonl", "  \n\n \r\n");
    expect(items).toEqual([]);
  });
});

describe("encodings", () => {
  it("keeps UTF-8 across the sample end", async () => {
    // "中" is 3 bytes. After the 5-byte header, character 21,844 takes bytes 65,534 to 65,536, so the
    // 64 KiB sample ends inside it.
    const header = "text\n";
    const body = "中".repeat(21_846);
    const { reader, items } = await readFileItems(dir, "straddle.csv", `${header}${body}\n`);
    expect(reader.info.encoding).toBe("utf-8");
    expect(recordsOf(items)[0]!.fields.text).toBe(body);
  });

  it("reads a GB18030 file larger than the sample", async () => {
    const text = `text,label\n${"你好，世界,问候\n".repeat(9000)}`;
    const gbk = encodeGb18030(text);
    expect(gbk.length).toBeGreaterThan(64 * 1024);
    const { reader, items } = await readFileItems(dir, "gbk-large.csv", gbk);
    expect(reader.info.encoding).toBe("gb18030");
    const records = recordsOf(items);
    expect(records).toHaveLength(9000);
    expect(records[8999]!.fields).toEqual({ text: "你好，世界", label: "问候" });
  });

  it("reads UTF-16 BE and BOM-less LE", async () => {
    const text = 'text,label\n"hello, world",greet\n';
    const bigEndian = Buffer.from(text, "utf16le").swap16();
    const be = await readFileItems(dir, "be.csv", Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]));
    expect(be.reader.info.encoding).toBe("utf-16be");
    expect(recordsOf(be.items)[0]!.fields).toEqual({ text: "hello, world", label: "greet" });

    const le = await readFileItems(dir, "le.csv", Buffer.from(text, "utf16le"));
    expect(le.reader.info.encoding).toBe("utf-16le");
    expect(recordsOf(le.items)[0]!.fields).toEqual({ text: "hello, world", label: "greet" });
  });

  it("uses an encoding override", async () => {
    const latin1 = Buffer.from("text\ncaf\u00e9\n", "latin1");
    const { reader, items } = await readFileItems(dir, "latin1.csv", latin1, { encoding: "windows-1252" });
    expect(reader.info.encoding).toBe("windows-1252");
    expect(recordsOf(items)[0]!.fields.text).toBe("café");

    const gbkOverride = await readFileItems(dir, "override.csv", encodeGb18030("text\n中文\n"), { encoding: "GBK" });
    expect(gbkOverride.reader.info.encoding).toBe("gb18030");
    expect(recordsOf(gbkOverride.items)[0]!.fields.text).toBe("中文");
  });

  it("rejects an unknown encoding override", async () => {
    const error = await openError("unknown-encoding.csv", "text\nx\n", { encoding: "klingon-8" });
    expect(error.code).toBe("unknown_encoding");
    expect(error.params).toEqual({ filename: "unknown-encoding.csv", encoding: "klingon-8" });
  });

  it("strips the BOM from the first JSONL record", async () => {
    const { items } = await readFileItems(dir, "bom.jsonl", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n')]));
    expect(recordsOf(items)[0]!.raw).toBe('{"a":1}');
  });
});

describe("detectFormat", () => {
  const head = (text: string) => Buffer.from(text);

  it("takes the format from the extension", () => {
    expect(detectFormat("a.JSONL", head("x"))).toBe("jsonl");
    expect(detectFormat("a.ndjson", head("x"))).toBe("jsonl");
    expect(detectFormat("a.json", head("[{}]"))).toBe("json");
    expect(detectFormat("a.csv", head("x"))).toBe("csv");
    expect(detectFormat("a.tsv", head("x"))).toBe("tsv");
    expect(detectFormat("a.xlsx", head("x"))).toBe("xlsx");
  });

  it("corrects swapped JSON extensions", () => {
    expect(detectFormat("lines.json", head('{"a":1}\n{"a":2}\n'))).toBe("jsonl");
    expect(detectFormat("pretty.json", head('{\n  "data": []\n}\n'))).toBe("json");
    expect(detectFormat("array.jsonl", head('[\n  {"a": 1}\n]\n'))).toBe("json");
    expect(detectFormat("broken.jsonl", head('{"text": "cut\nhere"}\n'))).toBe("jsonl");
  });

  it("sniffs the format when the extension is unknown", () => {
    expect(detectFormat("data.txt", head('{"a":1}\n{"a":2}\n'))).toBe("jsonl");
    expect(detectFormat("data", head('[{"a":1}]'))).toBe("json");
    expect(detectFormat("data.txt", head("a\tb\n1\t2\n"))).toBe("tsv");
    expect(detectFormat("data.txt", head("a,b\n1,2\n"))).toBe("csv");
    expect(detectFormat("upload.bin", Buffer.from("PK\u0003\u0004rest"))).toBe("xlsx");
  });

  it("rejects formats that need converting", () => {
    expect(() => detectFormat("old.xls", head("x"))).toThrow(SourceFileError);
    expect(() => detectFormat("old.xls", head("x"))).toThrow(/"old\.xls" is a \.xls file/);
  });
});

/** Encodes text as GB18030 for the characters used here, by inverting the decoder over GBK's two-byte range. */
function encodeGb18030(text: string): Buffer {
  const table = gbkTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = table.get(char);
    if (!pair) throw new Error(`no GBK code for ${char}`);
    bytes.push(...pair);
  }
  return Buffer.from(bytes);
}

let cachedTable: Map<string, [number, number]> | null = null;
function gbkTable(): Map<string, [number, number]> {
  if (cachedTable) return cachedTable;
  const decoder = new TextDecoder("gb18030");
  cachedTable = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.from([lead, trail]));
      if (char.length === 1 && !cachedTable.has(char)) cachedTable.set(char, [lead, trail]);
    }
  }
  return cachedTable;
}
