"use client";

import { useTranslations } from "next-intl";
import { Card, CardBody, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useJobFormat } from "./format";
import { evalMetricNames, type JobTimeline } from "./job-timeline";

/** Lists the validation loss and metrics at each evaluation step, newest first. */
export function EvalStepsTable({ timeline, evalSteps }: { timeline: JobTimeline; evalSteps: number | null }) {
  const t = useTranslations("fineTuningJob.evalSteps");
  const tMetric = useTranslations("fineTuningJob.evaluation.metrics");
  const f = useJobFormat();
  // A metric the console has no name for keeps the trainer's key.
  const metricLabel = (name: string) => (tMetric.has(name) ? tMetric(name as "accuracy") : name);
  const metricNames = evalMetricNames(timeline);
  const rows = [...timeline.evals].reverse();

  return (
    <Card>
      <CardHeader as="h3" title={t("title")} description={evalSteps ? t("description", { steps: evalSteps }) : undefined} />
      <CardBody className="p-0">
        <div className="max-h-80 overflow-y-auto">
          <Table caption={t("title")} captionHidden className="rounded-none border-0">
            <THead>
              <tr>
                <Th>{t("step")}</Th>
                <Th className="text-right">{t("evalLoss")}</Th>
                {metricNames.map((name) => (
                  <Th key={name} className={tMetric.has(name) ? "text-right" : "text-right font-mono"}>
                    {metricLabel(name)}
                  </Th>
                ))}
              </tr>
            </THead>
            <TBody>
              {rows.length === 0 && <TableEmptyRow colSpan={2 + metricNames.length}>{t("empty")}</TableEmptyRow>}
              {rows.map((point) => (
                <Tr key={point.step}>
                  <Td className="tabular-nums">{point.step}</Td>
                  <Td className="text-right tabular-nums">{f.decimal(point.evalLoss)}</Td>
                  {metricNames.map((name) => (
                    <Td key={name} className="text-right tabular-nums">
                      {f.decimal(point.metrics[name])}
                    </Td>
                  ))}
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      </CardBody>
    </Card>
  );
}
