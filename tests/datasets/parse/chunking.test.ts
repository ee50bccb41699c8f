import { describe, expect, it } from "vitest";

import type { SourceItem } from "@/lib/datasets/model";
import { readDelimited } from "@/lib/datasets/parse/csv";
import { readJsonArray } from "@/lib/datasets/parse/json";
import { readJsonLines } from "@/lib/datasets/parse/jsonl";

async function* inChunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readAll(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const CHUNK_SIZES = [1, 2, 3, 7, 64];

describe("chunk boundaries", () => {
  it("do not change JSONL items", async () => {
    const text = '{"a":"x\\\\"}\r\n\r\n{"b":"broken\nline"}\n{"c":[1,],}\n{"d":"\\u4e2d"}';
    const whole = await readAll(readJsonLines(inChunks(text, text.length)));
    expect(whole.map((item) => [item.kind, item.line])).toEqual([
      ["record", 1],
      ["error", 3],
      ["error", 5],
      ["record", 6],
    ]);
    for (const size of CHUNK_SIZES) expect(await readAll(readJsonLines(inChunks(text, size))), `size ${size}`).toEqual(whole);
  });

  it("do not change JSON array items", async () => {
    const text = '{"meta": {"x": "]"}, "rows": [\n{"q": "a\\\\", "n": [1, {"z": "}"}]},\r\n{"q": "\\"quoted\\""} ,\n  {"bad": tru},\n{"q": 3}\n]}';
    const whole = await readAll(readJsonArray(inChunks(text, text.length), "rows.json"));
    expect(whole.map((item) => [item.kind, item.line])).toEqual([
      ["record", 2],
      ["record", 3],
      ["error", 4],
      ["record", 5],
    ]);
    for (const size of CHUNK_SIZES) expect(await readAll(readJsonArray(inChunks(text, size), "rows.json")), `size ${size}`).toEqual(whole);
  });

  it("do not change CSV items", async () => {
    const text = 'text,label\r\n"a, ""b""\r\nc",x\r\n\r\nplain,y\rold mac,z\n"unclosed,w\nlast,v';
    const whole = await readAll(readDelimited(inChunks(text, text.length), ","));
    expect(whole.map((item) => [item.kind, item.line])).toEqual([
      ["record", 2],
      ["record", 5],
      ["record", 6],
      ["error", 7],
      ["record", 8],
    ]);
    expect(whole[0]).toMatchObject({ fields: { text: 'a, "b"\nc', label: "x" } });
    for (const size of CHUNK_SIZES) expect(await readAll(readDelimited(inChunks(text, size), ",")), `size ${size}`).toEqual(whole);
  });
});
