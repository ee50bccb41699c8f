"use client";

import { useTranslations } from "next-intl";
import { splitSeries } from "./chart-series";
import { ChartCard, type SeriesNames } from "./ChartCard";
import { SeriesBarChart } from "./SeriesBarChart";
import type { PartialStats } from "./stats-data";

/** Renders the rows per split (train, validation, test, none) as bars. */
export function SplitChart({ a, b, names }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames }) {
  const t = useTranslations("datasetRows");
  const points = splitSeries(a, b);
  return (
    <ChartCard title={t("stats.splits.title")} description={t("stats.splits.description")} empty={points.length === 0}>
      <SeriesBarChart points={points} names={names} categoryLabel={(key) => t(`splits.${key}`)} categoryName={t("stats.splits.category")} caption={t("stats.splits.title")} />
    </ChartCard>
  );
}
