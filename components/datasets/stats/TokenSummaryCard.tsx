"use client";

import { useFormatter, useTranslations } from "next-intl";
import { ChartCard, type SeriesNames } from "./ChartCard";
import type { PartialStats } from "./stats-data";

const METRICS = ["rows", "labelCount", "total", "mean", "p50", "p95", "max"] as const;
type Metric = (typeof METRICS)[number];

function metricValue(stats: PartialStats | null, metric: Metric): number | undefined {
  if (!stats) return undefined;
  if (metric === "rows") return stats.rows;
  if (metric === "labelCount") return stats.labelCount;
  return stats.tokens?.[metric];
}

/** Renders row count, distinct labels (classification only) and token figures (total, mean, median, p95, max) side by side per version. */
export function TokenSummaryCard({ a, b, names, showLabels }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames; showLabels: boolean }) {
  const t = useTranslations("datasetRows.stats.summary");
  const format = useFormatter();
  const metrics = METRICS.filter((metric) => showLabels || metric !== "labelCount");
  const empty = metrics.every((metric) => metricValue(a, metric) === undefined && metricValue(b, metric) === undefined);
  const show = (value: number | undefined, metric: Metric) =>
    value === undefined ? "–" : format.number(value, { maximumFractionDigits: metric === "mean" ? 1 : 0 });

  return (
    <ChartCard title={t("title")} description={t("description")} empty={empty}>
      <table className="w-full text-sm">
        <caption className="sr-only">{t("title")}</caption>
        <thead className="text-xs text-muted">
          <tr>
            <th scope="col" className="py-1.5 pr-4 text-left font-medium">
              {t("metric")}
            </th>
            <th scope="col" className="py-1.5 pr-4 text-right font-medium">
              {names.a}
            </th>
            {names.b && (
              <th scope="col" className="py-1.5 text-right font-medium">
                {names.b}
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {metrics.map((metric) => (
            <tr key={metric}>
              <th scope="row" className="py-1.5 pr-4 text-left font-normal">
                {t(`metrics.${metric}`)}
              </th>
              <td className="py-1.5 pr-4 text-right tabular-nums">{show(metricValue(a, metric), metric)}</td>
              {names.b && <td className="py-1.5 text-right tabular-nums">{show(metricValue(b, metric), metric)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ChartCard>
  );
}
