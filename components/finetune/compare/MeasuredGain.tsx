"use client";

import { Gauge } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState } from "@/components/EmptyState";
import { Card, CardBody, CardHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import type { GainRecord } from "@/lib/finetune/compare-data";
import { gainDatasetName, parseGainDataset } from "./gain-dataset";

/**
 * Renders the benchmark section from bench/results/finetune-gain.json: zero-shot, LoRA and full
 * fine-tuning accuracy with their training minutes, or an empty state naming the benchmark to run. The
 * file ships with the repository, so the title names the machine and date it was measured on, not "this machine".
 */
export function MeasuredGain({ record }: { record: GainRecord | null }) {
  const t = useTranslations("fineTuningCompare.measured");
  const format = useFormatter();

  if (!record) {
    return (
      <Card>
        <CardHeader as="h2" title={t("title")} />
        <EmptyState icon={<Gauge className="size-6" />} title={t("emptyTitle")} description={t("emptyBody", { command: "bench/finetune_gain.py" })} />
      </Card>
    );
  }

  const percent = (value: unknown) => (typeof value === "number" ? format.number(value, { style: "percent", maximumFractionDigits: 1 }) : "—");
  const minutes = (value: number | null) => (value === null ? t("noTraining") : t("minutes", { minutes: format.number(value, { maximumFractionDigits: 2 }) }));
  // The record describes its dataset in English; the numbers in it get labels in the page's language.
  const dataset = parseGainDataset(record.dataset);
  const count = (value: number) => format.number(value);
  const datasetText = dataset
    ? t("datasetNumbers", { name: dataset.name, labels: count(dataset.labels), train: count(dataset.train), validation: count(dataset.validation), test: count(dataset.test), rows: count(record.test_rows) })
    : t("description", { dataset: gainDatasetName(record.dataset), rows: count(record.test_rows) });
  const rows = [
    { key: "zero_shot", label: t("zeroShot"), accuracy: record.zero_shot_accuracy, minutes: null },
    { key: "lora", label: t("lora"), accuracy: record.lora_accuracy, minutes: record.lora_minutes },
    { key: "full", label: t("full"), accuracy: record.full_accuracy, minutes: record.full_minutes },
  ];

  return (
    <Card>
      <CardHeader as="h2" title={t("measuredTitle", { machine: record.machine, date: record.date })} description={datasetText} />
      <CardBody className="space-y-4">
        <div aria-hidden style={{ height: 220 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
              <YAxis domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 12 }} width={56} />
              <Tooltip formatter={(value) => percent(value)} cursor={{ fill: "#f2f3f5" }} />
              <Bar dataKey="accuracy" name={t("accuracy")} fill="#2563eb" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table caption={t("tableCaption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("run")}</Th>
              <Th className="text-right">{t("accuracy")}</Th>
              <Th className="text-right">{t("gain")}</Th>
              <Th className="text-right">{t("trainingTime")}</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Tr key={row.key}>
                <Td className="font-medium">{row.label}</Td>
                <Td className="text-right tabular-nums">{percent(row.accuracy)}</Td>
                <Td className="text-right tabular-nums">
                  {row.key === "zero_shot" ? "—" : t("points", { points: format.number((row.accuracy - record.zero_shot_accuracy) * 100, { maximumFractionDigits: 1, signDisplay: "always" }) })}
                </Td>
                <Td className="text-right tabular-nums">{minutes(row.minutes)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}
