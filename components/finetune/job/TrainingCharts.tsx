"use client";

import { useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardBody, CardHeader } from "@/components/ui";
import { useJobFormat } from "./format";
import { lossRows, type JobTimeline } from "./job-timeline";

const TRAIN_COLOR = "#2563eb";
const VALIDATION_COLOR = "#ea580c";
const LEARNING_RATE_COLOR = "#7c3aed";
const CHART_HEIGHT = 240;

type Series = { key: string; label: string; color: string; dots?: boolean };
type Row = { step: number } & Record<string, number | null>;

/** Draws the loss curves (training and validation) and the learning-rate schedule, one chart each. */
export function TrainingCharts({ timeline }: { timeline: JobTimeline }) {
  const t = useTranslations("fineTuningJob.charts");

  const losses = lossRows(timeline);
  const learningRates = timeline.steps.filter((point) => point.learningRate !== null).map((point) => ({ step: point.step, learningRate: point.learningRate }));

  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <StepChart
        title={t("lossTitle")}
        description={t("lossDescription")}
        rows={losses}
        series={[
          { key: "loss", label: t("trainLoss"), color: TRAIN_COLOR },
          { key: "evalLoss", label: t("validationLoss"), color: VALIDATION_COLOR, dots: true },
        ]}
      />
      <StepChart title={t("learningRateTitle")} description={t("learningRateDescription")} rows={learningRates} series={[{ key: "learningRate", label: t("learningRate"), color: LEARNING_RATE_COLOR }]} />
    </div>
  );
}

/** Draws a line chart over training steps, with its numbers in a table under a disclosure for screen readers. */
function StepChart({ title, description, rows, series }: { title: string; description: string; rows: Row[]; series: Series[] }) {
  const t = useTranslations("fineTuningJob.charts");
  const f = useJobFormat();
  const labelOf = (key: string) => series.find((entry) => entry.key === key)?.label ?? key;

  return (
    <Card>
      <CardHeader as="h3" title={title} description={description} />
      <CardBody>
        {rows.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted">{t("empty")}</p>
        ) : (
          <figure aria-label={title}>
            <div aria-hidden style={{ height: CHART_HEIGHT }}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
                  <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} tick={{ fontSize: 11 }} />
                  <YAxis tickFormatter={(value: number) => f.decimal(value)} tick={{ fontSize: 11 }} width={64} domain={["auto", "auto"]} />
                  <Tooltip labelFormatter={(step) => t("stepLabel", { step: String(step) })} formatter={(value, name) => [f.decimal(typeof value === "number" ? value : null), labelOf(String(name))]} />
                  {series.length > 1 && <Legend formatter={(name) => labelOf(String(name))} wrapperStyle={{ fontSize: 12 }} />}
                  {series.map((entry) => (
                    // Validation points are sparse (one per evaluation), so their line joins across the steps between them.
                    <Line key={entry.key} dataKey={entry.key} name={entry.key} stroke={entry.color} strokeWidth={2} dot={entry.dots ?? rows.length < 30} isAnimationActive={false} connectNulls />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-xs font-medium text-muted hover:text-fg">{t("showNumbers")}</summary>
              <div className="max-h-64 overflow-y-auto">
                <table className="mt-2 w-full text-left">
                  <caption className="sr-only">{title}</caption>
                  <thead className="text-xs text-muted">
                    <tr>
                      <th scope="col" className="py-1 pr-4 font-medium">
                        {t("step")}
                      </th>
                      {series.map((entry) => (
                        <th key={entry.key} scope="col" className="py-1 pr-4 text-right font-medium">
                          {entry.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-border">
                    {rows.map((row) => (
                      <tr key={row.step}>
                        <th scope="row" className="py-1 pr-4 font-normal tabular-nums">
                          {row.step}
                        </th>
                        {series.map((entry) => (
                          <td key={entry.key} className="py-1 pr-4 text-right tabular-nums">
                            {f.decimal(row[entry.key])}
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
