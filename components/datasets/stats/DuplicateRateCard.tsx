"use client";

import { useFormatter, useTranslations } from "next-intl";
import { ChartCard, SERIES_COLORS, type SeriesNames } from "./ChartCard";
import type { PartialStats } from "./stats-data";

/** Renders the share of rows that repeat an earlier row exactly, as a figure and a bar per version. */
export function DuplicateRateCard({ a, b, names }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames }) {
  const t = useTranslations("datasetRows.stats.duplicates");
  const entries = [
    { name: names.a, stats: a, color: SERIES_COLORS.a },
    ...(names.b ? [{ name: names.b, stats: b, color: SERIES_COLORS.b }] : []),
  ].filter((entry) => entry.stats?.duplicateRate !== undefined);

  return (
    <ChartCard title={t("title")} description={t("description")} empty={entries.length === 0}>
      <div className="space-y-4">
        {entries.map((entry) => (
          <DuplicateFigure key={entry.name} name={names.b ? entry.name : null} stats={entry.stats!} color={entry.color} />
        ))}
      </div>
    </ChartCard>
  );
}

function DuplicateFigure({ name, stats, color }: { name: string | null; stats: PartialStats; color: string }) {
  const t = useTranslations("datasetRows.stats.duplicates");
  const format = useFormatter();
  const rate = stats.duplicateRate ?? 0;

  return (
    <div className="space-y-1.5">
      <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        {name && <span className="text-sm font-medium">{name}</span>}
        <span className="text-2xl font-semibold tabular-nums">{format.number(rate, { style: "percent", maximumFractionDigits: 2 })}</span>
        {stats.duplicateRows !== undefined && stats.rows !== undefined && (
          <span className="text-sm text-muted">{t("detail", { duplicates: format.number(stats.duplicateRows), rows: format.number(stats.rows) })}</span>
        )}
      </p>
      {/* The figure above carries the value; the bar only shows it at a glance. */}
      <div aria-hidden className="h-2 overflow-hidden rounded-full bg-subtle">
        <div className="h-full rounded-full" style={{ width: `${Math.min(100, rate * 100)}%`, backgroundColor: color }} />
      </div>
    </div>
  );
}
