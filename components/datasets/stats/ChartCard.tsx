"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui";
import type { SeriesPoint } from "./chart-series";

/** Colors of the primary and the compared version in every chart. */
export const SERIES_COLORS = { a: "#2554eb", b: "#f59e0b" } as const;

export type SeriesNames = { a: string; b: string | null };

/** Renders a titled card around one chart, or `emptyText` in its place when the statistics lack the chart's data. */
export function ChartCard({ title, description, empty, emptyText, actions, children }: { title: string; description?: string; empty: boolean; emptyText?: string; actions?: ReactNode; children: ReactNode }) {
  const t = useTranslations("datasetRows.stats");
  return (
    <Card>
      <CardHeader title={title} description={description} actions={actions} as="h3" />
      <CardBody>{empty ? <p className="py-8 text-center text-sm text-muted">{emptyText ?? t("missing")}</p> : children}</CardBody>
    </Card>
  );
}

/**
 * Renders the numbers behind a chart as a table in a disclosure. Screen readers use it because the chart's
 * SVG is hidden from them, and anyone can open it for exact values. `categoryName` heads the first column,
 * and each version gets a column of values.
 */
export function ChartDataTable({ caption, categoryName, points, names, categoryLabel }: { caption: string; categoryName: string; points: SeriesPoint[]; names: SeriesNames; categoryLabel: (key: string) => string }) {
  const t = useTranslations("datasetRows.stats");
  const format = useFormatter();
  const value = (number: number | undefined) => (number === undefined ? "–" : format.number(number));
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-xs font-medium text-muted hover:text-fg">{t("showNumbers")}</summary>
      <table className="mt-2 w-full text-left">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-muted">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              {categoryName}
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-medium">
              {names.a}
            </th>
            {names.b && (
              <th scope="col" className="py-1 text-right font-medium">
                {names.b}
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {points.map((point) => (
            <tr key={point.key}>
              <th scope="row" className="py-1 pr-4 font-normal">
                {categoryLabel(point.key)}
              </th>
              <td className="py-1 pr-4 text-right tabular-nums">{value(point.a)}</td>
              {names.b && <td className="py-1 text-right tabular-nums">{value(point.b)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
