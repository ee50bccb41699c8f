import { describe, expect, it } from "vitest";
import { percentile, summarizeResults, wilsonInterval, type ResultForStats } from "@/lib/experiments/stats";

describe("wilsonInterval", () => {
  // Reference values from the closed form with z = 1.959964, computed independently in Python.
  const cases: Array<[number, number, number, number]> = [
    [8, 10, 0.490162, 0.943318],
    [0, 10, 0, 0.277533],
    [50, 100, 0.403832, 0.596168],
    [10, 10, 0.722467, 1],
    [1, 1, 0.206549, 1],
  ];

  it.each(cases)("%i of %i", (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n);
    expect(interval?.low).toBeCloseTo(low, 5);
    expect(interval?.high).toBeCloseTo(high, 5);
  });

  it("is null without observations", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("percentile", () => {
  it("interpolates between ranks", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95)).toBeCloseTo(95.5, 6);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("does not depend on input order", () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
  });
});

describe("summarizeResults", () => {
  const row = (overrides: Partial<ResultForStats>): ResultForStats => ({
    status: "ok",
    correct: true,
    latencyMs: 100,
    inputTokens: 10,
    outputTokens: 2,
    usageEstimated: false,
    cost: null,
    agreement: null,
    ...overrides,
  });

  it("leaves failed rows out of the accuracy", () => {
    const summary = summarizeResults(
      [row({}), row({ correct: false, latencyMs: 300 }), row({ status: "error", correct: null, latencyMs: 0, inputTokens: 0, outputTokens: 0 })],
      "CNY",
    );
    expect(summary).toMatchObject({ rows: 3, scored: 2, correct: 1, errors: 1, accuracy: 0.5, latencyP50Ms: 200, inputTokens: 20, outputTokens: 4 });
    expect(summary.ci95?.low).toBeGreaterThan(0);
    expect(summary.cost).toBeNull();
    expect(summary.currency).toBeNull();
  });

  it("sums cost, shares estimates and averages agreement", () => {
    const summary = summarizeResults(
      [row({ cost: 0.001, usageEstimated: true, agreement: 1 }), row({ cost: 0.002, agreement: 0.6 })],
      "USD",
    );
    expect(summary.cost).toBeCloseTo(0.003, 9);
    expect(summary.currency).toBe("USD");
    expect(summary.estimatedShare).toBe(0.5);
    expect(summary.meanAgreement).toBeCloseTo(0.8, 9);
  });

  it("has no accuracy before any row is scored", () => {
    expect(summarizeResults([], null)).toMatchObject({ rows: 0, accuracy: null, ci95: null, latencyP50Ms: null });
  });
});
