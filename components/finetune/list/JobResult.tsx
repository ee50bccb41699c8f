"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { JobSummary } from "@/lib/finetune/console-reads";
import { useFormatPercent } from "./format";

type Scores = Record<string, number | null | undefined>;

const numberOrNull = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** Metrics shown per task: fractions as percentages, perplexity as a plain number (lower is better). */
const TASK_METRICS: Record<JobSummary["task"], { key: string; percent: boolean }[]> = {
  seq_classification: [
    { key: "accuracy", percent: true },
    { key: "macro_f1", percent: true },
  ],
  chat_sft: [
    { key: "exact_match", percent: true },
    { key: "rouge_l", percent: true },
    { key: "perplexity", percent: false },
  ],
};

/**
 * Shows what a job has produced so far: the before/after test scores of a finished job, the latest
 * training and validation loss of a running one, or the cause of a failure.
 */
export function JobResult({ job }: { job: JobSummary }) {
  const t = useTranslations("fineTuning.result");
  const format = useFormatter();
  const percent = useFormatPercent();
  const decimal = (value: number) => format.number(value, { maximumFractionDigits: value >= 100 ? 0 : 3 });

  if (job.status === "failed") {
    const code = job.errorCode ?? "internal";
    return <span className="text-red-700">{t.has(`errors.${code}`) ? t(`errors.${code}`) : t("errors.internal")}</span>;
  }

  const evaluation = job.evaluation as { base?: Scores; tuned?: Scores } | null;
  if (evaluation?.tuned) {
    const lines = TASK_METRICS[job.task].flatMap(({ key, percent: asPercent }) => {
      const tuned = numberOrNull(evaluation.tuned?.[key]);
      if (tuned === null) return [];
      const base = numberOrNull(evaluation.base?.[key]);
      const show = (value: number) => (asPercent ? percent(value) : decimal(value));
      return [{ key, text: base === null ? t("scoreTuned", { metric: t(`metrics.${key}`), tuned: show(tuned) }) : t("score", { metric: t(`metrics.${key}`), tuned: show(tuned), base: show(base) }) }];
    });
    if (lines.length > 0) {
      return (
        <ul className="space-y-0.5 text-xs whitespace-nowrap tabular-nums">
          {lines.map((line) => (
            <li key={line.key}>{line.text}</li>
          ))}
        </ul>
      );
    }
  }

  const loss = numberOrNull(job.metrics?.loss);
  const evalLoss = numberOrNull(job.metrics?.eval_loss);
  if (loss === null && evalLoss === null) return <span className="text-muted">—</span>;
  return (
    <ul className="space-y-0.5 text-xs whitespace-nowrap text-muted tabular-nums">
      {loss !== null && <li>{t("loss", { value: decimal(loss) })}</li>}
      {evalLoss !== null && <li>{t("evalLoss", { value: decimal(evalLoss) })}</li>}
    </ul>
  );
}
