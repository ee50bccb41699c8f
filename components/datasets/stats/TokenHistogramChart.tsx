"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui";
import { CHAT_ROLES, type ChatRole } from "@/lib/datasets/model";
import { histogramSeries, trimEmptyBuckets } from "./chart-series";
import { ChartCard, type SeriesNames } from "./ChartCard";
import { SeriesBarChart } from "./SeriesBarChart";
import type { PartialStats } from "./stats-data";

type View = "all" | ChatRole;

/**
 * Renders the rows per token-length bucket. For chat datasets, tabs switch between whole rows and the tokens of one
 * role (system, user or assistant) per row.
 */
export function TokenHistogramChart({ a, b, names }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames }) {
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  const id = useId();
  const [view, setView] = useState<View>("all");
  const hasRoles = Boolean(a?.roleTokenHistograms || b?.roleTokenHistograms);
  const views: View[] = hasRoles ? ["all", ...CHAT_ROLES] : ["all"];

  const points = trimEmptyBuckets(
    view === "all" ? histogramSeries(a?.tokenHistogram, b?.tokenHistogram) : histogramSeries(a?.roleTokenHistograms?.[view], b?.roleTokenHistograms?.[view]),
  );

  /** Formats a bucket name: "16-32" (16 up to but not including 32 tokens) becomes "16–31", and "16384+" becomes "≥ 16,384". */
  function bucketLabel(key: string): string {
    const open = /^(\d+)\+$/.exec(key);
    if (open) return t("stats.tokens.bucketOpen", { from: format.number(Number(open[1])) });
    const range = /^(\d+)-(\d+)$/.exec(key);
    if (range) return t("stats.tokens.bucketRange", { from: format.number(Number(range[1])), to: format.number(Number(range[2]) - 1) });
    return key;
  }

  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const at = views.indexOf(view);
    const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    const step = steps[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = views[(at + step + views.length) % views.length]!;
    setView(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  const tabs = hasRoles && (
    <div role="tablist" aria-label={t("stats.tokens.viewLabel")} className="flex flex-wrap gap-1">
      {views.map((name) => (
        <button
          key={name}
          id={`${id}-tab-${name}`}
          type="button"
          role="tab"
          aria-selected={view === name}
          aria-controls={`${id}-panel`}
          tabIndex={view === name ? 0 : -1}
          onClick={() => setView(name)}
          onKeyDown={onTabKeyDown}
          className={cn(
            "rounded-md px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
            view === name ? "bg-brand-50 text-brand-700" : "text-muted hover:bg-subtle hover:text-fg",
          )}
        >
          {name === "all" ? t("stats.tokens.allTokens") : t(`tags.${name}`)}
        </button>
      ))}
    </div>
  );

  return (
    <ChartCard title={t("stats.tokens.histogramTitle")} description={t("stats.tokens.histogramDescription")} empty={!a?.tokenHistogram && !b?.tokenHistogram} actions={tabs}>
      <div id={`${id}-panel`} role={hasRoles ? "tabpanel" : undefined} aria-labelledby={hasRoles ? `${id}-tab-${view}` : undefined}>
        {points.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted">{t("stats.tokens.noRows")}</p>
        ) : (
          <SeriesBarChart points={points} names={names} categoryLabel={bucketLabel} categoryName={t("stats.tokens.bucket")} caption={t("stats.tokens.histogramTitle")} />
        )}
      </div>
    </ChartCard>
  );
}
