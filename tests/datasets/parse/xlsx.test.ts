import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SourceFileError } from "@/lib/datasets/model";
import { openSource } from "@/lib/datasets/parse";

import { collect, errorsOf, makeTempDir, patchDeclaredSize, recordsOf, workbookParts, worksheetXml, writeZip } from "./helpers";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

async function openWorkbook(name: string, sheet?: string) {
  const file = path.join(dir, name);
  return openSource(file, { filename: name, ...(sheet !== undefined && { sheet }) });
}

/** Creates a stream of `totalBytes` space bytes, produced 1 MiB at a time. */
function repeatedBytes(totalBytes: number): Readable {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  let left = totalBytes;
  return new Readable({
    read() {
      const size = Math.min(left, block.length);
      left -= size;
      this.push(size > 0 ? block.subarray(0, size) : null);
    },
  });
}

describe("XLSX reader", () => {
  it("reads every cell type", async () => {
    const sheetData =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>flag</t></is></c><c r="D1" t="s"><v>3</v></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>3.5</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c></row>' +
      '<row r="4"><c r="B4"><v>-2</v></c><c r="D4" t="str"><v>formula result</v></c></row>' +
      '<row r="5"><c r="A5" t="s"><v>4</v></c><c r="C5" t="b"><v>0</v></c><c r="D5" t="e"><v>#N/A</v></c></row>';
    const shared = ["question", "score", "a &amp; b", "note", '<r><t>run </t></r><r><t>two</t></r><rPh><t>ふりがな</t></rPh>'];
    await writeZip(path.join(dir, "types.xlsx"), workbookParts({ Data: sheetData }, shared));

    const reader = await openWorkbook("types.xlsx");
    expect(reader.info).toMatchObject({ format: "xlsx", sheet: "Data", sheets: ["Data"], columns: ["question", "score", "flag", "note"] });
    const items = await collect(reader);
    expect(errorsOf(items)).toEqual([]);
    expect(recordsOf(items)).toEqual([
      { kind: "record", line: 3, fields: { question: "a & b", score: 3.5, flag: true, note: "rich text" }, raw: "a & b,3.5,true,rich text" },
      { kind: "record", line: 4, fields: { question: "", score: -2, flag: "", note: "formula result" }, raw: ",-2,,formula result" },
      { kind: "record", line: 5, fields: { question: "run two", score: "", flag: false, note: "#N/A" }, raw: "run two,,false,#N/A" },
    ]);
  });

  it("reads a chosen sheet and skips hidden ones by default", async () => {
    const parts = workbookParts({
      Hidden: '<row r="1"><c r="A1" t="inlineStr"><is><t>secret</t></is></c></row>',
      Second: '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>',
    });
    const workbook = parts[0]!;
    workbook.content = String(workbook.content).replace('<sheet name="Hidden"', '<sheet state="hidden" name="Hidden"');
    await writeZip(path.join(dir, "sheets.xlsx"), parts);

    const byDefault = await openWorkbook("sheets.xlsx");
    expect(byDefault.info.sheets).toEqual(["Hidden", "Second"]);
    expect(byDefault.info.sheet).toBe("Second");
    expect(recordsOf(await collect(byDefault)).map((record) => record.fields)).toEqual([{ name: "x" }]);

    const chosen = await openWorkbook("sheets.xlsx", "Hidden");
    expect(chosen.info.columns).toEqual(["secret"]);
    await expect(openWorkbook("sheets.xlsx", "Missing")).rejects.toMatchObject({ code: "xlsx_invalid", params: { sheet: "Missing" } });
  });

  it("reports cells right of the header as column_count", async () => {
    const sheetData =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>' +
      '<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>9</v></c></row>' +
      '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t> </t></is></c></row>';
    await writeZip(path.join(dir, "wide.xlsx"), workbookParts({ S: sheetData }));
    const items = await collect(await openWorkbook("wide.xlsx"));
    expect(errorsOf(items)).toEqual([{ kind: "error", line: 2, code: "column_count", params: { expected: 1, found: 3 }, raw: "1,,9" }]);
    expect(recordsOf(items).map((record) => record.fields)).toEqual([{ a: 2 }]);
  });

  it("rejects a file that is not a ZIP archive", async () => {
    await writeFile(path.join(dir, "text.xlsx"), "title,label\nnot,a workbook\n");
    const failure = openWorkbook("text.xlsx");
    await expect(failure).rejects.toBeInstanceOf(SourceFileError);
    await expect(failure).rejects.toMatchObject({ code: "xlsx_invalid", params: { filename: "text.xlsx" } });
    await expect(failure).rejects.toThrow(/"text\.xlsx" is not a valid XLSX workbook/);
  });

  it("rejects a truncated ZIP archive", async () => {
    await writeZip(path.join(dir, "whole.xlsx"), workbookParts({ S: "" }));
    const { readFile } = await import("node:fs/promises");
    const whole = await readFile(path.join(dir, "whole.xlsx"));
    await writeFile(path.join(dir, "cut.xlsx"), whole.subarray(0, whole.length - 30));
    await expect(openWorkbook("cut.xlsx")).rejects.toMatchObject({ code: "xlsx_invalid" });
  });

  it("rejects a ZIP archive without a workbook", async () => {
    await writeZip(path.join(dir, "nobook.xlsx"), [{ name: "readme.txt", content: "hello" }]);
    await expect(openWorkbook("nobook.xlsx")).rejects.toMatchObject({ code: "xlsx_invalid" });
  });

  it("rejects a sheet that is not well-formed XML", async () => {
    const parts = workbookParts({ S: "" });
    parts[2]!.content = worksheetXml('<row r="1"><c r="A1"><v>1</v></c>');
    await writeZip(path.join(dir, "broken.xlsx"), parts);
    await expect(openWorkbook("broken.xlsx")).rejects.toMatchObject({ code: "xlsx_invalid", params: { entry: "xl/worksheets/sheet1.xml" } });
  });

  it("rejects a zip-bomb sheet before inflating", async () => {
    // 300 MB of spaces deflate to about 300 KB, a ratio near 1000:1.
    const parts = workbookParts({ S: "" });
    parts[2] = { name: "xl/worksheets/sheet1.xml", content: repeatedBytes(300 * 1024 * 1024), compressionLevel: 9 };
    await writeZip(path.join(dir, "bomb.xlsx"), parts);

    const failure = openWorkbook("bomb.xlsx");
    await expect(failure).rejects.toBeInstanceOf(SourceFileError);
    await expect(failure).rejects.toMatchObject({
      code: "xlsx_too_large",
      params: { filename: "bomb.xlsx", entry: "xl/worksheets/sheet1.xml", uncompressedBytes: 300 * 1024 * 1024, limitRatio: 200 },
    });
  }, 120_000);

  it("rejects a declared total over the limit", async () => {
    const parts = workbookParts({ S: "" });
    const file = path.join(dir, "huge.xlsx");
    await writeZip(file, parts);
    // Each part claims 1.2 GB at 100:1, so only the total (2 GiB) is over its limit.
    await patchDeclaredSize(file, "xl/workbook.xml", { uncompressed: 1_200_000_000, compressed: 12_000_000 });
    await patchDeclaredSize(file, "xl/worksheets/sheet1.xml", { uncompressed: 1_200_000_000, compressed: 12_000_000 });
    const error = await openWorkbook("huge.xlsx").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceFileError);
    expect(error).toMatchObject({ code: "xlsx_too_large", params: { entry: "the archive", limitBytes: 2 * 1024 ** 3 } });
    expect((error as SourceFileError).params.uncompressedBytes).toBeGreaterThan(2_400_000_000);
  });

  it("stops inflating shared strings past their declared size", async () => {
    const strings = Array.from({ length: 50_000 }, (_, i) => `string number ${i}`);
    const file = path.join(dir, "lying-strings.xlsx");
    await writeZip(file, workbookParts({ S: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }, strings));
    await patchDeclaredSize(file, "xl/sharedStrings.xml", { uncompressed: 10_000 });

    await expect(openWorkbook("lying-strings.xlsx")).rejects.toMatchObject({
      code: "xlsx_too_large",
      params: { entry: "xl/sharedStrings.xml", declaredBytes: 10_000 },
    });
  });

  it("stops inflating a sheet past its declared size", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`).join("");
    const file = path.join(dir, "lying-sheet.xlsx");
    await writeZip(file, workbookParts({ S: `<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>${rows}` }));
    await patchDeclaredSize(file, "xl/worksheets/sheet1.xml", { uncompressed: 50_000 });

    const reader = await openWorkbook("lying-sheet.xlsx");
    expect(reader.info.columns).toEqual(["n"]);
    await expect(collect(reader)).rejects.toMatchObject({ code: "xlsx_too_large", params: { entry: "xl/worksheets/sheet1.xml" } });
  });
});
