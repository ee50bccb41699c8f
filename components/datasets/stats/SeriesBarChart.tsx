"use client";

import { useFormatter } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "./chart-series";
import { ChartDataTable, SERIES_COLORS, type SeriesNames } from "./ChartCard";

export type SeriesBarChartProps = {
  points: SeriesPoint[];
  names: SeriesNames;
  /** Translated name of a category key, e.g. "Train" for "train". */
  categoryLabel: (key: string) => string;
  /** Heading of the category column in the screen-reader table, e.g. "Split". */
  categoryName: string;
  caption: string;
  /** "bars" draws vertical bars over categories on the x axis; "rows" draws horizontal bars, one category per line. */
  orientation?: "bars" | "rows";
  height?: number;
};

/**
 * Renders a bar chart of one or two versions over the same categories, with a second bar per category
 * when comparing. Values are row counts, formatted for the page's locale.
 */
export function SeriesBarChart({ points, names, categoryLabel, categoryName, caption, orientation = "bars", height = 260 }: SeriesBarChartProps) {
  const format = useFormatter();
  const data = points.map((point) => ({ ...point, label: categoryLabel(point.key) }));
  const formatCount = (value: unknown) => (typeof value === "number" ? format.number(value) : String(value ?? ""));
  const rows = orientation === "rows";

  return (
    <figure>
      <div aria-hidden style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout={rows ? "vertical" : "horizontal"} margin={{ top: 4, right: 16, bottom: 4, left: rows ? 8 : 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" horizontal={!rows} vertical={rows} />
            {rows ? (
              <>
                <XAxis type="number" tickFormatter={formatCount} tick={{ fontSize: 12 }} allowDecimals={false} />
                <YAxis type="category" dataKey="label" width={140} tick={{ fontSize: 12 }} interval={0} />
              </>
            ) : (
              <>
                <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
                <YAxis tickFormatter={formatCount} tick={{ fontSize: 12 }} allowDecimals={false} width={56} />
              </>
            )}
            <Tooltip formatter={(value) => formatCount(value)} cursor={{ fill: "#f2f3f5" }} />
            {/* Keeps the bars' order (this version, then the compared one) instead of sorting by name. */}
            {names.b && <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />}
            <Bar dataKey="a" name={names.a} fill={SERIES_COLORS.a} radius={rows ? [0, 3, 3, 0] : [3, 3, 0, 0]} isAnimationActive={false} />
            {names.b && <Bar dataKey="b" name={names.b} fill={SERIES_COLORS.b} radius={rows ? [0, 3, 3, 0] : [3, 3, 0, 0]} isAnimationActive={false} />}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartDataTable caption={caption} categoryName={categoryName} points={points} names={names} categoryLabel={categoryLabel} />
    </figure>
  );
}
