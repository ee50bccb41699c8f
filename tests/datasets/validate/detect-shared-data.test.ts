import { describe, expect, test } from "vitest";
import { detectDataset, normalizeRecord, type Detection } from "@/lib/datasets/validate";
import { contextFor, issuesOf, rowOf } from "./helpers";
import { readCsv, readJsonLines } from "./shared-data";

function normalizeAll(records: Record<string, unknown>[], detection: Detection) {
  const context = contextFor(detection.type, detection.mapping, { multiLabel: detection.multiLabel });
  return records.map((record) => normalizeRecord(record, context));
}

describe("detection on public data sets", () => {
  test("CrossWOZ OpenAI chats are chat", () => {
    const records = readJsonLines("dialogue_zh_crosswoz/dialogues_openai_chat_100.jsonl");
    const detection = detectDataset(records);

    expect(records).toHaveLength(100);
    expect(detection.type).toBe("chat");
    expect(detection.mapping).toEqual({ messages: "messages" });
    expect(detection.confidence).toBe(1);

    const results = normalizeAll(records, detection);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    for (const result of results) {
      const row = rowOf(result);
      expect(row.tokens).toBeGreaterThan(0);
      expect(row.roleTokens?.system).toBeGreaterThan(0);
      expect(row.roleTokens?.user).toBeGreaterThan(0);
      expect(row.roleTokens?.assistant).toBeGreaterThan(0);
      expect(row.tokens).toBe((row.roleTokens?.system ?? 0) + (row.roleTokens?.user ?? 0) + (row.roleTokens?.assistant ?? 0));
    }
  });

  test("CrossWOZ user turns use primary_intent", () => {
    const records = readJsonLines("dialogue_zh_crosswoz/user_turn_intents.jsonl");
    const detection = detectDataset(records.slice(0, 500));

    // Every turn has one primary intent, while 23 turns have an empty `intents` list, so the single label
    // is the default and the multi-label reading is offered as a candidate.
    expect(detection.type).toBe("classification");
    expect(detection.mapping).toEqual({ text: "text", label: "primary_intent" });
    expect(detection.multiLabel).toBe(false);
    const multi = detection.candidates.find((candidate) => candidate.mapping.label === "intents");
    expect(multi).toMatchObject({ type: "classification", multiLabel: true, mapping: { text: "text" } });

    const results = normalizeAll(records, detection);
    expect(results.filter((result) => !result.ok)).toEqual([]);

    const multiResults = normalizeAll(records, { ...detection, ...multi!, candidates: [] });
    const failures = multiResults.flatMap((result) => (result.ok ? [] : result.issues.map((issue) => issue.code)));
    expect(failures).toEqual(Array(23).fill("label_missing"));
    const first = multiResults[0];
    expect(rowOf(first!).labels).toEqual(["General-greet", "Inform-酒店", "Request-酒店"]);
  });

  test("CLINC150 has text, intent and split", () => {
    const records = readJsonLines("intent_en_clinc150/test_and_oos_test.jsonl");
    const detection = detectDataset(records.slice(0, 200));

    expect(detection.type).toBe("classification");
    expect(detection.mapping).toEqual({ text: "text", label: "intent", split: "split" });
    expect(detection.multiLabel).toBe(false);
    expect(detection.confidence).toBe(1);

    const results = normalizeAll(records, detection);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    // The out-of-scope rows have split "oos_test", which is a test split too.
    const splits = new Set(results.map((result) => rowOf(result).split));
    expect([...splits]).toEqual(["test"]);
  });

  test("CLINC150 validation split is normalized", () => {
    const records = readJsonLines("intent_en_clinc150/val_small.jsonl");
    const detection = detectDataset(records);
    const results = normalizeAll(records, detection);

    expect(detection.mapping.split).toBe("split");
    expect(records.some((record) => record.split === "val")).toBe(true);
    const valRows = results.filter((result, index) => records[index]?.split === "val");
    expect(valRows.length).toBeGreaterThan(0);
    for (const result of valRows) {
      expect(rowOf(result).split).toBe("validation");
    }
  });

  test("BANKING77 CSV has text and category", () => {
    const { columns, rows } = readCsv("intent_en_banking77/test.csv");
    const detection = detectDataset(rows.slice(0, 200), columns);

    expect(columns).toEqual(["text", "category"]);
    expect(detection.type).toBe("classification");
    expect(detection.mapping).toEqual({ text: "text", label: "category" });
    expect(detection.multiLabel).toBe(false);
    expect(detection.confidence).toBe(1);

    const results = normalizeAll(rows, detection);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    const first = results[0];
    expect(rowOf(first!).labels).toEqual(["card_arrival"]);
    expect(rowOf(first!).data).toEqual({ text: "How do I locate my card?" });
  });
});
