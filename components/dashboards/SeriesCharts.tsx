"use client";

import { useFormatter, useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardBody, CardHeader } from "@/components/ui";
import { bucketFormat, chartRows, CHART_METRICS, LINE_COLORS, metricFields, seriesCurrencies, seriesHasTraffic, type ChartMetric, type ChartRow } from "./chart-data";
import { useDashboardFormat } from "./format";
import type { UsageSeries } from "./types";

/** Renders one line chart per metric over the view's buckets. */
export function SeriesCharts({ series }: { series: UsageSeries }) {
  const t = useTranslations("dashboards.charts");

  if (!seriesHasTraffic(series.points)) {
    return (
      <Card className="mb-6">
        <CardBody>
          <p className="py-8 text-center text-sm text-muted">{t("empty")}</p>
        </CardBody>
      </Card>
    );
  }

  const rows = chartRows(series.points);
  const currencies = seriesCurrencies(series.points);
  return (
    <div className="mb-6 grid grid-cols-1 gap-4 xl:grid-cols-2">
      {CHART_METRICS.map((metric) => (
        <MetricChart key={metric} metric={metric} rows={rows} fields={metricFields(metric, currencies)} granularity={series.granularity} />
      ))}
    </div>
  );
}

function MetricChart({ metric, rows, fields, granularity }: { metric: ChartMetric; rows: ChartRow[]; fields: string[]; granularity: UsageSeries["granularity"] }) {
  const t = useTranslations("dashboards.charts");
  const format = useFormatter();
  const f = useDashboardFormat();

  const fieldLabel = (field: string) => (field.startsWith("cost:") ? t("costIn", { currency: field.slice(5) }) : t(`fields.${field}` as "fields.requests"));
  const value = (field: string, number: number | null) => {
    if (number === null) return "—";
    if (field.startsWith("cost:")) return f.money(number, field.slice(5));
    if (metric === "latency") return f.milliseconds(Math.round(number));
    return f.count(number);
  };
  const tick = (number: number) => {
    if (metric === "latency") return f.milliseconds(number);
    // Gateway costs are often fractions of a cent, which one fraction digit would show as 0.
    if (metric === "cost") return format.number(number, { notation: "compact", maximumSignificantDigits: 3 });
    return f.compact(number);
  };
  const timeLabel = (time: number, detailed: boolean) => format.dateTime(new Date(time), bucketFormat(granularity, detailed));

  return (
    <Card>
      <CardHeader as="h3" title={t(`titles.${metric}`)} description={metric === "cost" ? t("costNote") : metric === "latency" ? t("latencyNote") : undefined} />
      <CardBody>
        {fields.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted">{t("noCost")}</p>
        ) : (
          <figure>
            <div aria-hidden style={{ height: 220 }}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
                  <XAxis dataKey="time" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(time: number) => timeLabel(time, false)} tick={{ fontSize: 11 }} minTickGap={24} />
                  <YAxis tickFormatter={tick} tick={{ fontSize: 11 }} width={metric === "latency" ? 80 : 64} allowDecimals={metric === "cost"} />
                  <Tooltip labelFormatter={(time) => timeLabel(Number(time), true)} formatter={(number, name) => [value(String(name), typeof number === "number" ? number : null), fieldLabel(String(name))]} />
                  {fields.length > 1 && <Legend formatter={(name) => fieldLabel(String(name))} wrapperStyle={{ fontSize: 12 }} />}
                  {fields.map((field, index) => (
                    <Line key={field} dataKey={field} name={field} stroke={LINE_COLORS[index % LINE_COLORS.length]} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-xs font-medium text-muted hover:text-fg">{t("showNumbers")}</summary>
              <div className="max-h-64 overflow-y-auto">
                <table className="mt-2 w-full text-left">
                  <caption className="sr-only">{t(`titles.${metric}`)}</caption>
                  <thead className="text-xs text-muted">
                    <tr>
                      <th scope="col" className="py-1 pr-4 font-medium">
                        {t("bucket")}
                      </th>
                      {fields.map((field) => (
                        <th key={field} scope="col" className="py-1 pr-4 text-right font-medium">
                          {fieldLabel(field)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-border">
                    {rows.map((row) => (
                      <tr key={row.time}>
                        <th scope="row" className="py-1 pr-4 font-normal">
                          {timeLabel(row.time, true)}
                        </th>
                        {fields.map((field) => (
                          <td key={field} className="py-1 pr-4 text-right tabular-nums">
                            {value(field, row[field] ?? null)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </figure>
        )}
      </CardBody>
    </Card>
  );
}
