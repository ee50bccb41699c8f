import { describe, expect, it } from "vitest";
import { csvField, formatCsv } from "@/lib/usage/dashboard-csv";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rlf", '"cr\rlf"'],
    ["客服，中文", "客服，中文"],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-x", "'-x"],
    ["@cmd", "'@cmd"],
    ["=a,b", `"'=a,b"`],
    ["", ""],
  ])("formats %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("writes numbers and null plainly", () => {
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("formatCsv", () => {
  it("starts with a BOM and ends records with CRLF", () => {
    const text = formatCsv(["名称", "count"], [["模型 A", 1], ["b,c", null]]);
    expect(text).toBe('\uFEFF名称,count\r\n模型 A,1\r\n"b,c",\r\n');
  });

  it("encodes Chinese as UTF-8", () => {
    const bytes = new TextEncoder().encode(formatCsv(["费用"], []));
    expect([...bytes]).toEqual([0xef, 0xbb, 0xbf, 0xe8, 0xb4, 0xb9, 0xe7, 0x94, 0xa8, 0x0d, 0x0a]);
  });
});
