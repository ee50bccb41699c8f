import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { DATASET_TYPES, type ChatData, type ChatMessage, type DatasetType } from "@/lib/datasets/model";
import { quoteCsvField } from "@/lib/datasets/transform/csv";
import { createExportWriter, EXPORT_FORMATS, supportedExportFormats, type ExportFormat } from "@/lib/datasets/transform/export";
import type { TransformRow } from "@/lib/datasets/transform/types";
import { makeRow } from "./rows";
import { sharedDataPath } from "../../helpers/shared-data";

function writeFile(type: DatasetType, format: ExportFormat, rows: TransformRow[]): string {
  const writer = createExportWriter(type, format);
  return writer.header() + rows.map((row) => writer.line(row)).join("");
}

function parseJsonl(text: string): Record<string, unknown>[] {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function parseCsv(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parse(text.slice(1), { relax_column_count: false }) as string[][];
}

const multiTurn: ChatData = {
  messages: [
    { role: "system", content: "你是一个旅游出行助手。" },
    { role: "user", content: "你好，请问北京亚太花园酒店是那种类型的酒店" },
    { role: "assistant", content: "你好，这个是高档型的酒店。" },
    { role: "user", content: [{ type: "text", text: "这张图里是哪个景点？" }, { type: "image_url", image_url: { url: "media/abc.png" } }] },
    { role: "assistant", content: "这是颐和园，门票30元。" },
  ],
};

describe("supportedExportFormats", () => {
  test.each(DATASET_TYPES)("%s supports every format", (type) => {
    expect(supportedExportFormats(type)).toEqual([...EXPORT_FORMATS]);
  });

  test("rejects an unknown format", () => {
    expect(() => createExportWriter("chat", "parquet" as ExportFormat)).toThrow(/parquet/);
  });
});

describe("openai export", () => {
  test("keeps chat messages and image parts", () => {
    const [record] = parseJsonl(writeFile("chat", "openai", [makeRow(multiTurn, { split: "train" })]));
    expect(record).toEqual({ messages: multiTurn.messages });
  });

  test("joins instruction and input", () => {
    const rows = [
      makeRow({ instruction: "翻译成英文", input: "你好", output: "Hello" }),
      makeRow({ instruction: "写一首诗", input: "", output: "床前明月光" }),
    ];
    expect(parseJsonl(writeFile("instruction", "openai", rows))).toEqual([
      { messages: [{ role: "user", content: "翻译成英文\n\n你好" }, { role: "assistant", content: "Hello" }] },
      { messages: [{ role: "user", content: "写一首诗" }, { role: "assistant", content: "床前明月光" }] },
    ]);
  });

  test("maps completion rows", () => {
    const [record] = parseJsonl(writeFile("completion", "openai", [makeRow({ prompt: "从前有座山，", completion: "山里有座庙。" })]));
    expect(record).toEqual({
      messages: [
        { role: "user", content: "从前有座山，" },
        { role: "assistant", content: "山里有座庙。" },
      ],
    });
  });

  test("answers classification with labels", () => {
    const row = makeRow({ text: "你好，推荐一家酒店" }, { labels: ["General-greet", "Request-酒店"] });
    const [record] = parseJsonl(writeFile("classification", "openai", [row]));
    expect(record).toEqual({
      messages: [
        { role: "user", content: "你好，推荐一家酒店" },
        { role: "assistant", content: "General-greet, Request-酒店" },
      ],
    });
  });

  test("uses the preference fine-tuning shape", () => {
    const row = makeRow({ prompt: "北京有什么好玩的？", chosen: "推荐故宫和颐和园。", rejected: "不知道。" });
    const [record] = parseJsonl(writeFile("preference", "openai", [row]));
    expect(record).toEqual({
      input: { messages: [{ role: "user", content: "北京有什么好玩的？" }] },
      preferred_output: [{ role: "assistant", content: "推荐故宫和颐和园。" }],
      non_preferred_output: [{ role: "assistant", content: "不知道。" }],
    });
  });

  test("writes no header and no split", () => {
    const writer = createExportWriter("chat", "openai");
    expect(writer.header()).toBe("");
    expect(writer.extension).toBe("jsonl");
    expect(writer.line(makeRow(multiTurn, { split: "test" }))).not.toContain("split");
  });
});

describe("alpaca export", () => {
  test("puts earlier chat turns in history", () => {
    const [record] = parseJsonl(writeFile("chat", "alpaca", [makeRow(multiTurn)]));
    expect(record).toEqual({
      instruction: "这张图里是哪个景点？<image>",
      input: "",
      output: "这是颐和园，门票30元。",
      system: "你是一个旅游出行助手。",
      history: [["你好，请问北京亚太花园酒店是那种类型的酒店", "你好，这个是高档型的酒店。"]],
      images: ["media/abc.png"],
    });
  });

  test("omits empty system and history", () => {
    const data: ChatData = { messages: [{ role: "user", content: "你好" }, { role: "assistant", content: "您好！" }] };
    const [record] = parseJsonl(writeFile("chat", "alpaca", [makeRow(data)]));
    expect(record).toEqual({ instruction: "你好", input: "", output: "您好！" });
  });

  test("merges consecutive turns of one role", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "第一句" },
      { role: "user", content: "第二句" },
      { role: "assistant", content: "回答" },
    ];
    const [record] = parseJsonl(writeFile("chat", "alpaca", [makeRow({ messages })]));
    expect(record).toEqual({ instruction: "第一句\n第二句", input: "", output: "回答" });
  });

  test("keeps instruction fields", () => {
    const data = { instruction: "翻译成英文", input: "你好", output: "Hello" };
    expect(parseJsonl(writeFile("instruction", "alpaca", [makeRow(data)]))).toEqual([data]);
  });

  test("maps classification and completion", () => {
    const classification = parseJsonl(writeFile("classification", "alpaca", [makeRow({ text: "退款" }, { labels: ["售后"] })]));
    expect(classification).toEqual([{ instruction: "退款", input: "", output: "售后" }]);
    const completion = parseJsonl(writeFile("completion", "alpaca", [makeRow({ prompt: "床前", completion: "明月光" })]));
    expect(completion).toEqual([{ instruction: "床前", input: "", output: "明月光" }]);
  });

  test("uses chosen and rejected for preference", () => {
    const row = makeRow({ prompt: "问", chosen: "好答", rejected: "坏答" });
    expect(parseJsonl(writeFile("preference", "alpaca", [row]))).toEqual([{ instruction: "问", input: "", chosen: "好答", rejected: "坏答" }]);
  });
});

describe("sharegpt export", () => {
  test("maps roles and keeps system at the top level", () => {
    const [record] = parseJsonl(writeFile("chat", "sharegpt", [makeRow(multiTurn)]));
    expect(record).toEqual({
      conversations: [
        { from: "human", value: "你好，请问北京亚太花园酒店是那种类型的酒店" },
        { from: "gpt", value: "你好，这个是高档型的酒店。" },
        { from: "human", value: "这张图里是哪个景点？<image>" },
        { from: "gpt", value: "这是颐和园，门票30元。" },
      ],
      system: "你是一个旅游出行助手。",
      images: ["media/abc.png"],
    });
  });

  test("joins text parts and places image tokens in order", () => {
    const messages: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "1.png" } },
          { type: "text", text: "比较这两张图" },
          { type: "text", text: "哪张更亮？" },
          { type: "image_url", image_url: { url: "2.png" } },
        ],
      },
      { role: "assistant", content: "第一张。" },
    ];
    const [record] = parseJsonl(writeFile("chat", "sharegpt", [makeRow({ messages })]));
    expect(record).toEqual({
      conversations: [
        { from: "human", value: "<image>比较这两张图\n哪张更亮？<image>" },
        { from: "gpt", value: "第一张。" },
      ],
      images: ["1.png", "2.png"],
    });
  });

  test("maps instruction rows to two turns", () => {
    const [record] = parseJsonl(writeFile("instruction", "sharegpt", [makeRow({ instruction: "翻译", input: "你好", output: "Hello" })]));
    expect(record).toEqual({ conversations: [{ from: "human", value: "翻译\n\n你好" }, { from: "gpt", value: "Hello" }] });
  });

  test("uses chosen and rejected turns for preference", () => {
    const [record] = parseJsonl(writeFile("preference", "sharegpt", [makeRow({ prompt: "问", chosen: "好答", rejected: "坏答" })]));
    expect(record).toEqual({
      conversations: [{ from: "human", value: "问" }],
      chosen: { from: "gpt", value: "好答" },
      rejected: { from: "gpt", value: "坏答" },
    });
  });
});

describe("csv export", () => {
  test("quotes fields per RFC 4180", () => {
    expect(quoteCsvField("plain")).toBe("plain");
    expect(quoteCsvField("a,b")).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField("line1\nline2")).toBe('"line1\nline2"');
    expect(quoteCsvField("cr\rhere")).toBe('"cr\rhere"');
    expect(quoteCsvField("")).toBe("");
  });

  test("starts with a BOM and ends records with CRLF", () => {
    const writer = createExportWriter("classification", "csv");
    expect(writer.header()).toBe("\uFEFFtext,label,split\r\n");
    expect(writer.contentType).toBe("text/csv; charset=utf-8");
    expect(writer.extension).toBe("csv");
  });

  test("round-trips tricky instruction rows", () => {
    const rows = [
      makeRow({ instruction: '他说："你好，世界"', input: "第一行\n第二行\r\n第三行", output: "a,b,c" }, { split: "train" }),
      makeRow({ instruction: "普通", input: "", output: "" }),
    ];
    expect(parseCsv(writeFile("instruction", "csv", rows))).toEqual([
      ["instruction", "input", "output", "split"],
      ['他说："你好，世界"', "第一行\n第二行\r\n第三行", "a,b,c", "train"],
      ["普通", "", "", ""],
    ]);
  });

  test("joins classification labels with a bar", () => {
    const row = makeRow({ text: "你好，推荐一家酒店" }, { labels: ["General-greet", "Request-酒店"], split: "validation" });
    expect(parseCsv(writeFile("classification", "csv", [row]))).toEqual([
      ["text", "label", "split"],
      ["你好，推荐一家酒店", "General-greet|Request-酒店", "validation"],
    ]);
  });

  test("stores chat messages as JSON", () => {
    const [header, record] = parseCsv(writeFile("chat", "csv", [makeRow(multiTurn, { split: "test" })]));
    expect(header).toEqual(["messages", "split"]);
    expect(JSON.parse(record![0]!)).toEqual(multiTurn.messages);
    expect(record![1]).toBe("test");
  });

  test.each([
    ["completion", { prompt: "p,1", completion: "c\"2" }, ["prompt", "completion", "split"]],
    ["preference", { prompt: "问", chosen: "好,答", rejected: "坏\n答" }, ["prompt", "chosen", "rejected", "split"]],
  ] as const)("round-trips %s rows", (type, data, columns) => {
    const [header, record] = parseCsv(writeFile(type, "csv", [makeRow(data, { split: "train" })]));
    expect(header).toEqual(columns);
    expect(record).toEqual([...Object.values(data), "train"]);
  });
});

describe("export of CrossWOZ dialogues", () => {
  const file = sharedDataPath("dialogue_zh_crosswoz/dialogues_openai_chat_100.jsonl");
  const rows = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => makeRow({ messages: (JSON.parse(line) as ChatData).messages }));

  test("openai lines parse back to the messages", () => {
    const records = parseJsonl(writeFile("chat", "openai", rows));
    expect(records).toHaveLength(rows.length);
    records.forEach((record, index) => expect(record.messages).toEqual((rows[index]!.data as ChatData).messages));
  });

  test("sharegpt turns alternate and keep every text", () => {
    const records = parseJsonl(writeFile("chat", "sharegpt", rows)) as { conversations: { from: string; value: string }[]; system?: string }[];
    records.forEach((record, index) => {
      record.conversations.forEach((turn, position) => expect(turn.from).toBe(position % 2 === 0 ? "human" : "gpt"));
      const nonSystem = (rows[index]!.data as ChatData).messages.filter((message) => message.role !== "system");
      expect(record.conversations.map((turn) => turn.value)).toEqual(nonSystem.map((message) => message.content));
    });
  });

  test("csv has one record per dialogue", () => {
    const records = parseCsv(writeFile("chat", "csv", rows));
    expect(records).toHaveLength(rows.length + 1);
  });
});
