"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { ChartCard, type SeriesNames } from "./ChartCard";
import type { PartialStats } from "./stats-data";

type Reviewed = NonNullable<PartialStats["reviewed"]>;

/** Renders how many rows have a verdict (accepted or rejected) per version, as accessible progress bars. */
export function ReviewProgressCard({ a, b, names }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames }) {
  const t = useTranslations("datasetRows.stats.review");
  const entries = [{ name: names.a, reviewed: a?.reviewed }, ...(names.b ? [{ name: names.b, reviewed: b?.reviewed }] : [])].filter(
    (entry): entry is { name: string; reviewed: Reviewed } => entry.reviewed !== undefined,
  );

  return (
    <ChartCard title={t("title")} description={t("description")} empty={entries.length === 0}>
      <div className="space-y-5">
        {entries.map((entry) => (
          <ReviewBar key={entry.name} name={entry.name} reviewed={entry.reviewed} />
        ))}
      </div>
    </ChartCard>
  );
}

function ReviewBar({ name, reviewed }: { name: string; reviewed: Reviewed }) {
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  const id = useId();
  const total = reviewed.accepted + reviewed.rejected + reviewed.unreviewed;
  const done = reviewed.accepted + reviewed.rejected;
  const width = (count: number) => `${total === 0 ? 0 : (count / total) * 100}%`;
  const valueText = t("queue.progressValue", {
    reviewed: format.number(done),
    total: format.number(total),
    percent: format.number(total === 0 ? 0 : done / total, { style: "percent", maximumFractionDigits: 1 }),
  });

  return (
    <div className="space-y-1.5">
      <p className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id={id} className="font-medium">
          {name}
        </span>
        <span className="text-muted">{valueText}</span>
      </p>
      <div role="progressbar" aria-labelledby={id} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={valueText} className="flex h-2.5 overflow-hidden rounded-full bg-subtle">
        <div className="bg-emerald-500" style={{ width: width(reviewed.accepted) }} />
        <div className="bg-red-500" style={{ width: width(reviewed.rejected) }} />
      </div>
      <p className="flex flex-wrap gap-4 text-xs text-muted">
        <span>{t("queue.acceptedCount", { number: format.number(reviewed.accepted) })}</span>
        <span>{t("queue.rejectedCount", { number: format.number(reviewed.rejected) })}</span>
        <span>{t("stats.review.unreviewedCount", { number: format.number(reviewed.unreviewed) })}</span>
      </p>
    </div>
  );
}
