import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { ChatData, InstructionData } from "@/lib/datasets/model";
import { createCleaner, defaultCleanConfig, type CleanConfig } from "@/lib/datasets/transform/clean";
import { countTokens, makeRow } from "./rows";
import { sharedDataPath } from "../../helpers/shared-data";

const NOTHING: CleanConfig = {
  dedupeExact: false,
  nearDuplicates: { enabled: false, threshold: 0.85 },
  dropEmpty: false,
  minTokens: null,
  maxTokens: null,
  normalizeWhitespace: false,
  normalizeFullWidth: false,
  scrubPii: { mobile: false, idCard: false, bankCard: false, landline: false, email: false },
};

const LONG_SENTENCE =
  "请帮我推荐一家位于北京市朝阳区的经济型酒店，价格在每晚三百元以内，最好提供免费早餐和免费市内电话，周边有地铁站和评分较高的餐馆，方便我们第二天去故宫和天安门游玩。";

function instruction(instructionText: string, output = "好的。", input = ""): InstructionData {
  return { instruction: instructionText, input, output };
}

describe("createCleaner normalisation", () => {
  test("records whitespace and full-width changes", () => {
    const cleaner = createCleaner({ ...NOTHING, normalizeWhitespace: true, normalizeFullWidth: true }, countTokens);
    const decision = cleaner.decide(makeRow(instruction("  查询ＡＢＣ１２３\u3000\u3000航班  ")));

    expect(decision.action).toBe("modify");
    if (decision.action !== "modify") return;
    expect((decision.data as InstructionData).instruction).toBe("查询ABC123 航班");
    expect(decision.changes.map((change) => change.kind)).toEqual(["full_width", "whitespace"]);
    expect(decision.changes[0]).toMatchObject({ field: "instruction", before: "  查询ＡＢＣ１２３\u3000\u3000航班  " });
    expect(decision.changes[1]).toMatchObject({ field: "instruction", after: "查询ABC123 航班" });
  });

  test("recounts tokens of a modified row", () => {
    const cleaner = createCleaner({ ...NOTHING, normalizeWhitespace: true }, countTokens);
    const row = makeRow(instruction("你好" + " ".repeat(40) + "世界"));
    const decision = cleaner.decide(row);

    expect(decision.action).toBe("modify");
    if (decision.action !== "modify") return;
    expect(decision.tokens).toBe(countTokens("你好 世界") + countTokens("好的。") + countTokens(""));
    expect(decision.tokens).toBeLessThan(row.tokens);
  });

  test("cleans chat text parts and keeps images", () => {
    const data: ChatData = {
      messages: [
        { role: "user", content: [{ type: "text", text: "这是什么？  " }, { type: "image_url", image_url: { url: "img/1.png" } }] },
        { role: "assistant", content: "一只猫，联系13812345678。" },
      ],
    };
    const cleaner = createCleaner({ ...defaultCleanConfig }, countTokens);
    const decision = cleaner.decide(makeRow(data));

    expect(decision.action).toBe("modify");
    if (decision.action !== "modify") return;
    expect(decision.data).toEqual({
      messages: [
        { role: "user", content: [{ type: "text", text: "这是什么？" }, { type: "image_url", image_url: { url: "img/1.png" } }] },
        { role: "assistant", content: "一只猫，联系[手机号]。" },
      ],
    });
    expect(decision.changes.map((change) => [change.kind, change.field])).toEqual([
      ["whitespace", "messages[0].content[0].text"],
      ["pii", "messages[1].content"],
    ]);
    expect(decision.changes[1]?.pii).toEqual(["mobile"]);
  });

  test("leaves labels unchanged", () => {
    const cleaner = createCleaner({ ...NOTHING, normalizeFullWidth: true }, countTokens);
    const row = makeRow({ text: "ＯＫ" }, { labels: ["ＡＢ类"] });
    const decision = cleaner.decide(row);

    expect(decision.action).toBe("modify");
    expect(row.labels).toEqual(["ＡＢ类"]);
  });

  test("keeps a clean row", () => {
    const cleaner = createCleaner(defaultCleanConfig, countTokens);
    expect(cleaner.decide(makeRow(instruction("你好")))).toEqual({ action: "keep" });
  });

  test("does not mutate the input row", () => {
    const data = instruction("  你好  ");
    const cleaner = createCleaner(defaultCleanConfig, countTokens);
    cleaner.decide(makeRow(data));
    expect(data.instruction).toBe("  你好  ");
  });
});

describe("createCleaner filters", () => {
  test("drops rows without required content", () => {
    const cleaner = createCleaner({ ...NOTHING, dropEmpty: true, normalizeWhitespace: true }, countTokens);

    expect(cleaner.decide(makeRow(instruction("写一首诗", "   ")))).toEqual({ action: "drop", reason: "empty" });
    expect(cleaner.decide(makeRow({ text: "\u200B" }))).toEqual({ action: "drop", reason: "empty" });
    expect(cleaner.decide(makeRow({ messages: [{ role: "user", content: "你好" }] }))).toEqual({ action: "drop", reason: "empty" });
  });

  test("empty optional input is not empty", () => {
    const cleaner = createCleaner({ ...NOTHING, dropEmpty: true }, countTokens);
    expect(cleaner.decide(makeRow(instruction("写一首诗", "床前明月光", "")))).toEqual({ action: "keep" });
  });

  test("image-only user turn is not empty", () => {
    const cleaner = createCleaner({ ...NOTHING, dropEmpty: true }, countTokens);
    const data: ChatData = {
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: "a.png" } }] },
        { role: "assistant", content: "一张图片。" },
      ],
    };
    expect(cleaner.decide(makeRow(data))).toEqual({ action: "keep" });
  });

  test("drops rows outside the token range", () => {
    const cleaner = createCleaner({ ...NOTHING, minTokens: 5, maxTokens: 40 }, countTokens);

    expect(cleaner.decide(makeRow({ text: "好" }))).toEqual({ action: "drop", reason: "too_short" });
    expect(cleaner.decide(makeRow({ text: LONG_SENTENCE.repeat(3) }))).toEqual({ action: "drop", reason: "too_long" });
    expect(cleaner.decide(makeRow({ text: "我想找一家经济型的酒店，推荐一下。" }))).toEqual({ action: "keep" });
  });

  test("rejects an inverted token range", () => {
    expect(() => createCleaner({ ...NOTHING, minTokens: 10, maxTokens: 5 }, countTokens)).toThrow(RangeError);
    expect(() => createCleaner({ ...NOTHING, minTokens: -1 }, countTokens)).toThrow(/minTokens/);
  });
});

describe("createCleaner duplicates", () => {
  test("drops exact duplicates after normalisation", () => {
    const cleaner = createCleaner({ ...NOTHING, dedupeExact: true, normalizeWhitespace: true }, countTokens);

    expect(cleaner.decide(makeRow(instruction("你好"), { rowKey: "a" }))).toEqual({ action: "keep" });
    expect(cleaner.decide(makeRow(instruction("  你好 "), { rowKey: "b" }))).toEqual({
      action: "drop",
      reason: "exact_duplicate",
      duplicateOf: "a",
    });
  });

  test("different labels are not exact duplicates", () => {
    const cleaner = createCleaner({ ...NOTHING, dedupeExact: true }, countTokens);

    cleaner.decide(makeRow({ text: "还行吧" }, { labels: ["正面"] }));
    expect(cleaner.decide(makeRow({ text: "还行吧" }, { labels: ["负面"] }))).toEqual({ action: "keep" });
    expect(cleaner.decide(makeRow({ text: "还行吧" }, { labels: ["负面"] })).action).toBe("drop");
  });

  test("label order does not matter", () => {
    const cleaner = createCleaner({ ...NOTHING, dedupeExact: true }, countTokens);

    cleaner.decide(makeRow({ text: "订酒店" }, { labels: ["酒店", "预订"], rowKey: "first" }));
    expect(cleaner.decide(makeRow({ text: "订酒店" }, { labels: ["预订", "酒店"] }))).toMatchObject({ duplicateOf: "first" });
  });

  test("drops near duplicates with similarity", () => {
    const cleaner = createCleaner({ ...NOTHING, nearDuplicates: { enabled: true, threshold: 0.85 } }, countTokens);

    expect(cleaner.decide(makeRow({ text: LONG_SENTENCE }, { rowKey: "original" }))).toEqual({ action: "keep" });
    const decision = cleaner.decide(makeRow({ text: LONG_SENTENCE.replace("经济型", "舒济型") }));
    expect(decision).toMatchObject({ action: "drop", reason: "near_duplicate", duplicateOf: "original" });
    if (decision.action === "drop") expect(decision.similarity).toBeGreaterThanOrEqual(0.85);
  });

  test("keeps unrelated sentences", () => {
    const cleaner = createCleaner({ ...NOTHING, nearDuplicates: { enabled: true, threshold: 0.85 } }, countTokens);

    cleaner.decide(makeRow({ text: LONG_SENTENCE }));
    const unrelated = "今天上海的天气非常好，气温二十五度，适合出门散步。我们下午打算去外滩看看风景，晚上再去南京路吃小笼包。";
    expect(cleaner.decide(makeRow({ text: unrelated }))).toEqual({ action: "keep" });
  });

  test("near duplicates with other labels are kept", () => {
    const cleaner = createCleaner({ ...NOTHING, nearDuplicates: { enabled: true, threshold: 0.85 } }, countTokens);

    cleaner.decide(makeRow({ text: LONG_SENTENCE }, { labels: ["酒店"] }));
    expect(cleaner.decide(makeRow({ text: LONG_SENTENCE }, { labels: ["餐馆"] }))).toEqual({ action: "keep" });
  });

  test("shared system prompts do not make chats alike", () => {
    const system = { role: "system" as const, content: LONG_SENTENCE };
    const cleaner = createCleaner({ ...NOTHING, nearDuplicates: { enabled: true, threshold: 0.85 } }, countTokens);

    cleaner.decide(makeRow({ messages: [system, { role: "user", content: "你好" }, { role: "assistant", content: "您好！" }] }));
    const other = makeRow({ messages: [system, { role: "user", content: "几点了" }, { role: "assistant", content: "三点。" }] });
    expect(cleaner.decide(other)).toEqual({ action: "keep" });
  });

  test("duplicateOf always names a kept row", () => {
    const cleaner = createCleaner({ ...NOTHING, dedupeExact: true, nearDuplicates: { enabled: true, threshold: 0.85 } }, countTokens);

    cleaner.decide(makeRow({ text: LONG_SENTENCE }, { rowKey: "kept" }));
    cleaner.decide(makeRow({ text: LONG_SENTENCE.replace("经济型", "舒济型") }, { rowKey: "near" }));
    const copy = cleaner.decide(makeRow({ text: LONG_SENTENCE.replace("经济型", "舒济型") }, { rowKey: "copy" }));
    expect(copy).toMatchObject({ action: "drop", duplicateOf: "kept" });
  });
});

describe("createCleaner summary", () => {
  test("counts actions, reasons, changes and PII kinds", () => {
    const cleaner = createCleaner({ ...defaultCleanConfig, scrubPii: { ...defaultCleanConfig.scrubPii, landline: true } }, countTokens);
    const rows = [
      makeRow(instruction("你好")),
      makeRow(instruction("你好")),
      makeRow(instruction("我的手机是13812345678，座机010-81528822")),
      makeRow(instruction("邮箱a@example.com和b@example.com")),
      makeRow(instruction("", "")),
      makeRow(instruction(" 空格 ")),
    ];
    for (const row of rows) cleaner.decide(row);

    expect(cleaner.summary()).toEqual({
      rows: 6,
      actions: { keep: 1, drop: 2, modify: 3 },
      dropReasons: { exact_duplicate: 1, near_duplicate: 0, empty: 1, too_short: 0, too_long: 0 },
      changes: { whitespace: 1, full_width: 0, pii: 2 },
      pii: { mobile: 1, idCard: 0, bankCard: 0, landline: 1, email: 2 },
    });
  });

  test("PII in dropped rows is not counted", () => {
    const cleaner = createCleaner(defaultCleanConfig, countTokens);
    cleaner.decide(makeRow(instruction("电话13812345678")));
    cleaner.decide(makeRow(instruction("电话13912345678")));
    expect(cleaner.summary().pii.mobile).toBe(1);
    expect(cleaner.summary().dropReasons.exact_duplicate).toBe(1);
  });
});

describe("createCleaner on CrossWOZ user turns", () => {
  const file = sharedDataPath("dialogue_zh_crosswoz/user_turn_intents.jsonl");
  const records = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { text: string; primary_intent: string });

  test("every duplicate points to an earlier equal row", () => {
    const cleaner = createCleaner({ ...defaultCleanConfig, nearDuplicates: { enabled: false, threshold: 0.85 } }, countTokens);
    const keptText = new Map<string, string>();

    for (const [index, record] of records.entries()) {
      const rowKey = `turn-${index}`;
      const decision = cleaner.decide(makeRow({ text: record.text }, { rowKey, labels: [record.primary_intent] }));
      if (decision.action === "drop" && decision.reason === "exact_duplicate") {
        expect(keptText.get(decision.duplicateOf!)).toBe(record.text.trim());
      } else if (decision.action !== "drop") {
        keptText.set(rowKey, decision.action === "modify" ? (decision.data as { text: string }).text : record.text);
      }
    }

    const summary = cleaner.summary();
    expect(summary.rows).toBe(records.length);
    expect(summary.dropReasons.exact_duplicate).toBeGreaterThan(0);
  });

  test("near duplicates are found among short turns only at a lower threshold", () => {
    const strict = createCleaner({ ...NOTHING, nearDuplicates: { enabled: true, threshold: 0.95 } }, countTokens);
    const loose = createCleaner({ ...NOTHING, nearDuplicates: { enabled: true, threshold: 0.6 } }, countTokens);
    for (const record of records) {
      strict.decide(makeRow({ text: record.text }));
      loose.decide(makeRow({ text: record.text }));
    }
    expect(loose.summary().dropReasons.near_duplicate).toBeGreaterThan(strict.summary().dropReasons.near_duplicate);
  });
});
