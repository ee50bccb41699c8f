"use client";

import { useTranslations } from "next-intl";
import { percentText } from "../format";
import { layoutAccuracyChart, type AccuracyInput } from "./chart-data";

/** Bar chart of accuracy per variant with Wilson 95% whiskers; variant labels sit in the table below. */
export function AccuracyChart({ variants }: { variants: AccuracyInput[] }) {
  const t = useTranslations("experiments.detail");
  const layout = layoutAccuracyChart(variants);

  if (layout.bars.length === 0) return <p className="py-8 text-center text-sm text-muted">{t("chartEmpty")}</p>;

  return (
    <figure className="overflow-x-auto">
      <svg role="img" aria-label={t("chartLabel")} width={layout.width} height={layout.height + 24} className="text-muted">
        {layout.ticks.map((tick) => (
          <g key={tick.value}>
            <line x1={layout.plotLeft} x2={layout.width} y1={tick.y} y2={tick.y} className="stroke-border" strokeDasharray={tick.value === 0 ? undefined : "2 3"} />
            <text x={layout.plotLeft - 6} y={tick.y + 4} textAnchor="end" className="fill-current text-[10px]">
              {`${tick.value * 100}%`}
            </text>
          </g>
        ))}
        {layout.bars.map((bar) => (
          <g key={bar.id}>
            <title>{t("chartBar", { label: bar.label, percent: percentText(bar.accuracy), low: percentText(bar.low), high: percentText(bar.high) })}</title>
            <rect x={bar.x} y={bar.barTop} width={bar.width} height={layout.plotBottom - bar.barTop} rx={3} className="fill-brand-500/80" />
            <line x1={bar.center} x2={bar.center} y1={bar.whiskerTop} y2={bar.whiskerBottom} className="stroke-fg" strokeWidth={1.5} />
            <line x1={bar.center - 8} x2={bar.center + 8} y1={bar.whiskerTop} y2={bar.whiskerTop} className="stroke-fg" strokeWidth={1.5} />
            <line x1={bar.center - 8} x2={bar.center + 8} y1={bar.whiskerBottom} y2={bar.whiskerBottom} className="stroke-fg" strokeWidth={1.5} />
            <text x={bar.center} y={layout.plotBottom + 16} textAnchor="middle" className="fill-current text-[11px]">
              {`#${bar.number} ${percentText(bar.accuracy)}%`}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="mt-2 text-xs text-muted">{t("chartDescription")}</figcaption>
    </figure>
  );
}
