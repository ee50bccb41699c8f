import { describe, expect, it } from "vitest";
import { layoutAccuracyChart } from "@/components/experiments/detail/chart-data";

describe("accuracy chart layout", () => {
  const layout = layoutAccuracyChart([
    { id: "a", label: "zero-shot", accuracy: 0.5, ci95: { low: 0.36, high: 0.64 } },
    { id: "b", label: "not scored yet", accuracy: null, ci95: null },
    { id: "c", label: "few-shot", accuracy: 1, ci95: { low: 0.93, high: 1 } },
  ]);

  it("draws bars only for scored variants, numbered by position", () => {
    expect(layout.bars.map((bar) => [bar.id, bar.number])).toEqual([
      ["a", 1],
      ["c", 3],
    ]);
  });

  it("maps accuracy and interval to heights", () => {
    const [half, full] = layout.bars;
    const plotHeight = layout.plotBottom - layout.plotTop;
    expect(layout.plotBottom - half!.barTop).toBeCloseTo(plotHeight / 2, 9);
    expect(full!.barTop).toBeCloseTo(layout.plotTop, 9);
    expect(half!.whiskerTop).toBeLessThan(half!.barTop);
    expect(half!.whiskerBottom).toBeGreaterThan(half!.barTop);
    expect(layout.ticks.map((tick) => tick.value)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("leaves room for every variant slot", () => {
    expect(layout.bars[1]!.center).toBeGreaterThan(layout.bars[0]!.center);
    expect(layout.width).toBeGreaterThan(layout.bars[1]!.x + layout.bars[1]!.width);
  });
});
