"use client";

import { useTranslations } from "next-intl";
import { labelSeries, OTHERS_KEY } from "./chart-series";
import { ChartCard, type SeriesNames } from "./ChartCard";
import { SeriesBarChart } from "./SeriesBarChart";
import type { PartialStats } from "./stats-data";

const TOP_LABELS = 30;
const ROW_HEIGHT_PX = 22;

/** Renders the 30 most frequent labels as horizontal bars, with every other label summed in one "Others" bar. */
export function LabelChart({ a, b, names }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames }) {
  const t = useTranslations("datasetRows.stats");
  const points = labelSeries(a, b, TOP_LABELS);
  const labelCount = a?.labelCount ?? b?.labelCount;
  const description =
    labelCount !== undefined ? t("labels.description", { count: labelCount, top: TOP_LABELS }) : t("labels.descriptionUnknown", { top: TOP_LABELS });
  const barsPerLabel = names.b ? 2 : 1;

  return (
    <ChartCard title={t("labels.title")} description={description} empty={points.length === 0} emptyText={t("labels.empty")}>
      <SeriesBarChart
        points={points}
        names={names}
        orientation="rows"
        height={Math.max(160, points.length * ROW_HEIGHT_PX * barsPerLabel + 48)}
        categoryLabel={(key) => (key === OTHERS_KEY ? t("labels.others") : key)}
        categoryName={t("labels.category")}
        caption={t("labels.title")}
      />
    </ChartCard>
  );
}
