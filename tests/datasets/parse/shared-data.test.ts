import { readFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { openSource } from "@/lib/datasets/parse";

import { collect, errorsOf, recordsOf, SHARED_DATA } from "./helpers";

async function readShared(relative: string) {
  const file = path.join(SHARED_DATA, relative);
  const reader = await openSource(file, { filename: path.basename(file) });
  const items = await collect(reader);
  return { reader, items, records: recordsOf(items), errors: errorsOf(items) };
}

async function countLines(relative: string): Promise<number> {
  const text = await readFile(path.join(SHARED_DATA, relative), "utf8");
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

describe("encoding variants of one CSV", () => {
  const variants = [
    { file: "intents_200.utf8.csv", encoding: "utf-8", lineEnding: "lf" },
    { file: "intents_200.utf8-bom.csv", encoding: "utf-8-bom", lineEnding: "lf" },
    { file: "intents_200.utf8-crlf.csv", encoding: "utf-8", lineEnding: "crlf" },
    { file: "intents_200.gbk.csv", encoding: "gb18030", lineEnding: "lf" },
    { file: "intents_200.utf16le-bom.csv", encoding: "utf-16le", lineEnding: "crlf" },
    { file: "intents_200.utf8.tsv", encoding: "utf-8", lineEnding: "lf" },
  ];

  it("yields the same 200 records from every variant", async () => {
    const baseline = await readShared("encoding_variants_zh_csv/intents_200.utf8.csv");
    expect(baseline.records).toHaveLength(200);

    for (const variant of variants) {
      const { reader, records, errors } = await readShared(`encoding_variants_zh_csv/${variant.file}`);
      expect(errors, variant.file).toEqual([]);
      expect(records, variant.file).toHaveLength(200);
      expect(reader.info.columns?.[0], variant.file).toBe("text");
      expect(reader.info.encoding, variant.file).toBe(variant.encoding);
      expect(reader.info.lineEnding, variant.file).toBe(variant.lineEnding);
      expect(Object.keys(records[0]!.fields)[0], variant.file).toBe("text");
      expect(records.map((record) => record.fields), variant.file).toEqual(baseline.records.map((record) => record.fields));
      expect(reader.bytesRead(), variant.file).toBe(reader.totalBytes);
    }
  });

  it("reads the TSV with a tab delimiter", async () => {
    const { reader } = await readShared("encoding_variants_zh_csv/intents_200.utf8.tsv");
    expect(reader.info.format).toBe("tsv");
    expect(reader.info.delimiter).toBe("\t");
  });
});

describe("banking77 test.csv", () => {
  it("reads 3,080 records with quoted commas", async () => {
    const { reader, records, errors } = await readShared("intent_en_banking77/test.csv");
    expect(errors).toEqual([]);
    expect(records).toHaveLength(3080);
    expect(reader.info.columns).toEqual(["text", "category"]);
    const quoted = records.find((record) => String(record.fields.text).includes(","));
    expect(quoted).toBeDefined();
    expect(records[1]!.fields.text).toBe("I still have not received my new card, I ordered over a week ago.");
    expect(records[1]!.line).toBe(3);
  });
});

describe("clinc150 JSONL", () => {
  it("reads 5,500 records from test_and_oos_test.jsonl", async () => {
    const { records, errors } = await readShared("intent_en_clinc150/test_and_oos_test.jsonl");
    expect(errors).toEqual([]);
    expect(records).toHaveLength(5500);
    expect(records[0]!.line).toBe(1);
    expect(records[5499]!.line).toBe(5500);
  });

  it("reads 3,100 records from val_small.jsonl", async () => {
    const { records, errors } = await readShared("intent_en_clinc150/val_small.jsonl");
    expect(errors).toEqual([]);
    expect(records).toHaveLength(3100);
    expect(records[0]!.fields).toEqual({ text: "in spanish, meet me tomorrow is said how", intent: "translate", split: "val" });
  });
});

describe("crosswoz JSONL", () => {
  it("reads 100 chat records with messages arrays", async () => {
    const { records, errors } = await readShared("dialogue_zh_crosswoz/dialogues_openai_chat_100.jsonl");
    expect(errors).toEqual([]);
    expect(records).toHaveLength(100);
    for (const record of records) expect(Array.isArray(record.fields.messages)).toBe(true);
  });

  it("reads one record per line of user_turn_intents.jsonl", async () => {
    const relative = "dialogue_zh_crosswoz/user_turn_intents.jsonl";
    const { records, errors } = await readShared(relative);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(await countLines(relative));
  });
});

/**
 * Removes characters outside the Basic Multilingual Plane. The CSV exports of the chatchat workbooks
 * lack them (one cell of the closed list ends in three emoji in the workbook only).
 */
function withoutAstral(value: unknown): unknown {
  return typeof value === "string" ? value.replace(/[\u{10000}-\u{10FFFF}]/gu, "") : value;
}

describe("chatchat CSV and XLSX pairs", () => {
  const textColumns = ["title", "file", "url", "detail"];

  for (const [name, expectedRows] of [
    ["langchain-ChatGLM_open", 323],
    ["langchain-ChatGLM_closed", 172],
  ] as const) {
    it(`yields the same rows from ${name}.csv and .xlsx`, async () => {
      const csv = await readShared(`rag_zh_docs_chatchat/tabular/${name}.csv`);
      const xlsx = await readShared(`rag_zh_docs_chatchat/tabular/${name}.xlsx`);

      expect(csv.errors).toEqual([]);
      expect(xlsx.errors).toEqual([]);
      expect(csv.records).toHaveLength(expectedRows);
      expect(xlsx.records).toHaveLength(expectedRows);
      expect(csv.reader.info.columns).toEqual(["column_1", "title", "file", "url", "detail", "id"]);
      expect(xlsx.reader.info.columns).toEqual(csv.reader.info.columns);
      expect(xlsx.reader.info.sheets).toEqual(["Sheet1"]);
      expect(xlsx.reader.info.sheet).toBe("Sheet1");

      for (let i = 0; i < expectedRows; i++) {
        const fromCsv = csv.records[i]!;
        const fromXlsx = xlsx.records[i]!;
        for (const column of textColumns) {
          expect(withoutAstral(fromXlsx.fields[column]), `row ${i} ${column}`).toBe(fromCsv.fields[column]);
        }
        // The index and id columns are numbers in the workbook and text in the CSV.
        expect(String(fromXlsx.fields.id)).toBe(fromCsv.fields.id);
        expect(String(fromXlsx.fields.column_1)).toBe(fromCsv.fields.column_1);
      }
      expect(xlsx.records[0]!.line).toBe(2);
      expect(xlsx.reader.bytesRead()).toBe(xlsx.reader.totalBytes);
    });
  }
});
