"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ComparisonEntry } from "@/lib/finetune/compare-data";
import { CHART_METRICS, METRIC_COLORS, type Task } from "./metrics";

/**
 * Renders one bar group per run (the zero-shot base first, then each job) with a bar per 0-1 metric of
 * the task. The table beside it carries the same numbers for screen readers, so the chart is hidden from them.
 */
export function ScoreChart({ task, entries, runLabel }: { task: Task; entries: ComparisonEntry[]; runLabel: (entry: ComparisonEntry) => string }) {
  const t = useTranslations("fineTuningCompare.metrics");
  const format = useFormatter();
  const metrics = CHART_METRICS[task];
  const data = entries.map((entry) => ({ run: runLabel(entry), ...Object.fromEntries(metrics.map((metric) => [metric, entry.scores[metric] ?? null])) }));
  const percent = (value: unknown) => (typeof value === "number" ? format.number(value, { style: "percent", maximumFractionDigits: 1 }) : "—");

  return (
    <div aria-hidden style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
          <XAxis dataKey="run" tick={{ fontSize: 12 }} interval={0} />
          <YAxis domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 12 }} width={56} />
          <Tooltip formatter={(value) => percent(value)} cursor={{ fill: "#f2f3f5" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {metrics.map((metric) => (
            <Bar key={metric} dataKey={metric} name={t(metric)} fill={METRIC_COLORS[metric]} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
