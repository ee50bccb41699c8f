/**
 * Layout of the accuracy chart, separate from rendering so it can be unit-tested: one bar per variant
 * with its Wilson interval as a whisker, in SVG units. Variants without scored rows get no bar.
 */

export type AccuracyInput = { id: string; label: string; accuracy: number | null; ci95: { low: number; high: number } | null };

export type AccuracyBar = {
  id: string;
  /** 1-based position of the variant, matching the numbering of the summary table. */
  number: number;
  label: string;
  accuracy: number;
  low: number;
  high: number;
  /** Left edge and width of the bar, and the whisker's x position. */
  x: number;
  width: number;
  center: number;
  /** Top of the bar and the whisker's ends (y grows downwards). */
  barTop: number;
  whiskerTop: number;
  whiskerBottom: number;
};

export type AccuracyLayout = {
  width: number;
  height: number;
  plotTop: number;
  plotBottom: number;
  plotLeft: number;
  /** Horizontal grid lines at 0, 25, 50, 75 and 100%. */
  ticks: Array<{ value: number; y: number }>;
  bars: AccuracyBar[];
};

const PLOT_TOP = 12;
const PLOT_HEIGHT = 180;
const PLOT_LEFT = 40;
const SLOT_WIDTH = 96;
const BAR_WIDTH = 48;

export function layoutAccuracyChart(variants: readonly AccuracyInput[]): AccuracyLayout {
  const plotBottom = PLOT_TOP + PLOT_HEIGHT;
  const y = (value: number) => plotBottom - Math.min(1, Math.max(0, value)) * PLOT_HEIGHT;

  const bars: AccuracyBar[] = [];
  variants.forEach((variant, index) => {
    if (variant.accuracy === null) return;
    const low = variant.ci95?.low ?? variant.accuracy;
    const high = variant.ci95?.high ?? variant.accuracy;
    const center = PLOT_LEFT + index * SLOT_WIDTH + SLOT_WIDTH / 2;
    bars.push({
      id: variant.id,
      number: index + 1,
      label: variant.label,
      accuracy: variant.accuracy,
      low,
      high,
      x: center - BAR_WIDTH / 2,
      width: BAR_WIDTH,
      center,
      barTop: y(variant.accuracy),
      whiskerTop: y(high),
      whiskerBottom: y(low),
    });
  });

  return {
    width: PLOT_LEFT + Math.max(1, variants.length) * SLOT_WIDTH + 8,
    height: plotBottom + 8,
    plotTop: PLOT_TOP,
    plotBottom,
    plotLeft: PLOT_LEFT,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: y(value) })),
    bars,
  };
}
