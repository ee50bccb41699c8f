"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge, Card, CardBody, CardHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { ComparisonEntry } from "@/lib/finetune/compare-data";
import { evaluationLimitsDiffer } from "./evaluation-limits";
import { ScoreChart } from "./ScoreChart";
import { TASK_METRICS, type ScoreKey, type Task } from "./metrics";

/** Renders one task's comparison: the bar chart of 0-1 scores, then the table with every metric and the compute cost. */
export function TaskComparison({ task, entries }: { task: Task; entries: ComparisonEntry[] }) {
  const t = useTranslations("fineTuningCompare");
  const format = useFormatter();
  const metrics = TASK_METRICS[task];

  const runLabel = (entry: ComparisonEntry) => (entry.kind === "base" ? t("table.zeroShot", { model: entry.baseModelName }) : entry.label);
  const score = (metric: ScoreKey, value: number | null | undefined) => {
    if (value === null || value === undefined) return "—";
    if (metric === "perplexity") return format.number(value, { maximumFractionDigits: 2 });
    return format.number(value, { style: "percent", maximumFractionDigits: 1 });
  };
  const cost = (entry: ComparisonEntry) => {
    if (entry.computeHours === null || entry.computeKind === null) return t("table.noTraining");
    const hours = format.number(entry.computeHours, { maximumSignificantDigits: 3 });
    return entry.computeKind === "gpu" ? t("table.gpuHours", { hours }) : t("table.cpuHours", { hours });
  };

  return (
    <Card>
      <CardHeader as="h2" title={t(`tasks.${task}`)} description={t(`taskDescriptions.${task}`)} />
      <CardBody className="space-y-4">
        <ScoreChart task={task} entries={entries} runLabel={runLabel} />
        <Table caption={t("table.caption", { task: t(`tasks.${task}`) })} captionHidden>
          <THead>
            <tr>
              <Th>{t("table.run")}</Th>
              <Th>{t("table.method")}</Th>
              {metrics.map((metric) => (
                <Th key={metric} className="text-right">
                  {t(`metrics.${metric}`)}
                </Th>
              ))}
              <Th className="text-right">{t("table.testRows")}</Th>
              <Th className="text-right">{t("table.compute")}</Th>
            </tr>
          </THead>
          <TBody>
            {entries.map((entry) => (
              <Tr key={entry.key}>
                <Td>
                  {entry.jobId ? (
                    <Link href={`/fine-tuning/jobs/${entry.jobId}`} className="font-medium text-brand-700 hover:underline">
                      {entry.label}
                    </Link>
                  ) : (
                    <span className="font-medium">{runLabel(entry)}</span>
                  )}
                  {entry.kind === "job" && <p className="mt-0.5 text-xs text-muted">{entry.baseModelName}</p>}
                </Td>
                <Td>
                  <Badge tone={entry.kind === "base" ? "neutral" : "brand"}>{entry.method ? t(`methods.${entry.method}`) : t("methods.zero_shot")}</Badge>
                </Td>
                {metrics.map((metric) => (
                  <Td key={metric} className="text-right tabular-nums">
                    {score(metric, entry.scores[metric])}
                  </Td>
                ))}
                <Td className="text-right tabular-nums">{format.number(entry.testRows)}</Td>
                <Td className="text-right whitespace-nowrap tabular-nums">{cost(entry)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {evaluationLimitsDiffer(entries) && (
          <div className="text-xs text-muted">
            <p>{t("table.limitsDiffer")}</p>
            <ul className="mt-1 list-disc pl-5">
              {entries.map((entry) => (
                <li key={entry.key}>
                  {entry.maxNewTokens === null
                    ? t("table.limitsOfRun", { run: runLabel(entry), rows: format.number(entry.testRows) })
                    : t("table.limitsOfChatRun", { run: runLabel(entry), rows: format.number(entry.testRows), tokens: format.number(entry.maxNewTokens) })}
                </li>
              ))}
            </ul>
          </div>
        )}
        {task === "chat_sft" && <p className="text-xs text-muted">{t("perplexityNote")}</p>}
      </CardBody>
    </Card>
  );
}
