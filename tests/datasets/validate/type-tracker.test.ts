import { describe, expect, test } from "vitest";
import { createTypeTracker } from "@/lib/datasets/validate";

describe("createTypeTracker", () => {
  test("reports a changed type", () => {
    const tracker = createTypeTracker();

    expect(tracker.observe({ text: "a", label: "x" }, 1)).toEqual([]);
    expect(tracker.observe({ text: "b", label: ["x", "y"] }, 2)).toEqual([
      { code: "mixed_types", field: "label", params: { field: "label", expected: "string", found: "array", firstLine: 1 } },
    ]);
  });

  test("keeps the first type seen", () => {
    const tracker = createTypeTracker();
    tracker.observe({ meta: { a: 1 } }, 3);
    tracker.observe({ meta: "text" }, 4);

    expect(tracker.observe({ meta: [1] }, 5)).toEqual([
      { code: "mixed_types", field: "meta", params: { field: "meta", expected: "object", found: "array", firstLine: 3 } },
    ]);
  });

  test("null, missing and blank values ignored", () => {
    const tracker = createTypeTracker();
    tracker.observe({ score: 1, note: "x" }, 1);

    expect(tracker.observe({ score: null, note: "" }, 2)).toEqual([]);
    expect(tracker.observe({}, 3)).toEqual([]);
  });

  test("first value may be null", () => {
    const tracker = createTypeTracker();
    tracker.observe({ score: null }, 1);
    tracker.observe({ score: true }, 2);

    expect(tracker.observe({ score: 5 }, 3)).toEqual([
      { code: "mixed_types", field: "score", params: { field: "score", expected: "boolean", found: "number", firstLine: 2 } },
    ]);
  });

  test("numbers and numeric strings agree", () => {
    const tracker = createTypeTracker();
    tracker.observe({ id: 1, flag: true }, 1);

    expect(tracker.observe({ id: "2", flag: "false" }, 2)).toEqual([]);
    expect(tracker.observe({ id: " 3.5e2 ", flag: "TRUE" }, 3)).toEqual([]);
  });

  test("numeric string first, then number", () => {
    const tracker = createTypeTracker();
    tracker.observe({ id: "7" }, 1);

    expect(tracker.observe({ id: 8 }, 2)).toEqual([]);
  });

  test("text string then number is mixed", () => {
    const tracker = createTypeTracker();
    tracker.observe({ label: "positive" }, 1);

    expect(tracker.observe({ label: 1 }, 2)).toEqual([
      { code: "mixed_types", field: "label", params: { field: "label", expected: "string", found: "number", firstLine: 1 } },
    ]);
  });

  test("CSV strings never mixed", () => {
    const tracker = createTypeTracker();
    tracker.observe({ text: "42" }, 2);

    expect(tracker.observe({ text: "hello" }, 3)).toEqual([]);
  });

  test("trackers are independent", () => {
    const first = createTypeTracker();
    first.observe({ a: 1 }, 1);
    const second = createTypeTracker();

    expect(second.observe({ a: "x" }, 1)).toEqual([]);
  });
});
