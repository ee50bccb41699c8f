"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardBody, CardHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { splitName, useJobFormat } from "./format";
import type { FineTuneJobView, JobEvaluation } from "./types";

const BASE_COLOR = "#a1a1aa";
const TUNED_COLOR = "#2563eb";

/** Metrics in the order the table lists them; scores from 0 to 1 also go in the bar chart. */
const METRIC_ORDER = ["accuracy", "macro_f1", "exact_match", "rouge_l", "perplexity"];
const LOWER_IS_BETTER = new Set(["perplexity"]);
const FRACTION_METRICS = new Set(["accuracy", "macro_f1", "exact_match", "rouge_l"]);

function metricNames(evaluation: JobEvaluation): string[] {
  const names = new Set([...Object.keys(evaluation.base), ...Object.keys(evaluation.tuned)]);
  const known = METRIC_ORDER.filter((name) => names.has(name));
  return [...known, ...[...names].filter((name) => !METRIC_ORDER.includes(name)).sort()];
}

function readEvaluation(job: FineTuneJobView): JobEvaluation | null {
  const value = job.evaluation as Partial<JobEvaluation> | null;
  if (!value || typeof value.base !== "object" || typeof value.tuned !== "object" || !value.base || !value.tuned) return null;
  return { task: String(value.task ?? job.task), split: String(value.split ?? "test"), rows: Number(value.rows ?? 0), base: value.base, tuned: value.tuned };
}

/**
 * Renders the before/after evaluation on the test split, base model against the fine-tuned one, as a table
 * of every metric and a bar chart of the 0-1 scores. Chat jobs report exact match, character ROUGE-L and perplexity;
 * classification jobs report accuracy and macro-F1.
 */
export function EvaluationComparison({ job }: { job: FineTuneJobView }) {
  const t = useTranslations("fineTuningJob.evaluation");
  const tSplit = useTranslations("fineTuningJob.splits");
  const f = useJobFormat();
  const evaluation = readEvaluation(job);

  if (!evaluation) {
    const note = job.status === "succeeded" ? t("none") : t("pending");
    return (
      <Card>
        <CardHeader as="h3" title={t("title")} />
        <CardBody>
          <p className="text-sm text-muted">{note}</p>
        </CardBody>
      </Card>
    );
  }

  const names = metricNames(evaluation);
  const label = (name: string) => (t.has(`metrics.${name}`) ? t(`metrics.${name}` as "metrics.accuracy") : name);
  const chartRows = names.filter((name) => FRACTION_METRICS.has(name)).map((name) => ({ metric: label(name), base: evaluation.base[name] ?? null, tuned: evaluation.tuned[name] ?? null }));

  return (
    <Card>
      <CardHeader as="h3" title={t("title")} description={t("description", { rows: evaluation.rows, split: splitName(tSplit, evaluation.split) })} />
      <CardBody className="space-y-4">
        <Table caption={t("tableCaption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("metric")}</Th>
              <Th className="text-right">{t("base")}</Th>
              <Th className="text-right">{t("tuned")}</Th>
              <Th className="text-right">{t("change")}</Th>
            </tr>
          </THead>
          <TBody>
            {names.map((name) => {
              const base = evaluation.base[name] ?? null;
              const tuned = evaluation.tuned[name] ?? null;
              const change = base !== null && tuned !== null ? tuned - base : null;
              return (
                <Tr key={name}>
                  <Th scope="row" className="font-normal text-fg">
                    {label(name)}
                    {LOWER_IS_BETTER.has(name) && <span className="ml-2 text-xs text-muted">{t("lowerIsBetter")}</span>}
                  </Th>
                  <Td className="text-right tabular-nums">{f.decimal(base)}</Td>
                  <Td className="text-right font-medium tabular-nums">{f.decimal(tuned)}</Td>
                  <Td className="text-right tabular-nums">{change === null ? "—" : `${change > 0 ? "+" : ""}${f.decimal(change)}`}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>

        {chartRows.length > 0 && (
          <figure aria-label={t("chartLabel")}>
            <div aria-hidden style={{ height: 220 }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chartRows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
                  <XAxis dataKey="metric" tick={{ fontSize: 11 }} />
                  <YAxis domain={[0, 1]} tickFormatter={(value: number) => f.decimal(value)} tick={{ fontSize: 11 }} width={48} />
                  <Tooltip formatter={(value, name) => [f.decimal(typeof value === "number" ? value : null), name === "base" ? t("base") : t("tuned")]} />
                  <Legend formatter={(name) => (name === "base" ? t("base") : t("tuned"))} wrapperStyle={{ fontSize: 12 }} />
                  <Bar dataKey="base" name="base" fill={BASE_COLOR} isAnimationActive={false} />
                  <Bar dataKey="tuned" name="tuned" fill={TUNED_COLOR} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
        )}
      </CardBody>
    </Card>
  );
}
