"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useDatasetVersionName } from "@/components/finetune/list/format";
import { Card, CardBody, CardHeader } from "@/components/ui";
import { useJobFormat } from "./format";
import { useJobDatasetVersion } from "./queries";
import { applicableSettings } from "./settings-fields";
import type { FineTuneJobView } from "./types";

type Plan = { device?: string; precision?: string; trainableParameters?: number; totalParameters?: number; trainableRatio?: number; targetModules?: string[] | null; memoryMb?: { total?: number }; rows?: Record<string, number> };

function formatSetting(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function Entry({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1">
      <dt className="shrink-0 text-muted">{label}</dt>
      <dd className="min-w-0 text-right break-words text-fg">{children}</dd>
    </div>
  );
}

/** Renders the side panel with the job's spec summary, its plan (trainable parameters, memory estimate) and every hyperparameter. */
export function JobSettingsPanel({ job }: { job: FineTuneJobView }) {
  const t = useTranslations("fineTuningJob.settings");
  const tTask = useTranslations("fineTuningJob.tasks");
  const tMethod = useTranslations("fineTuningJob.methods");
  const tSplit = useTranslations("fineTuningJob.splits");
  const f = useJobFormat();
  const versionName = useDatasetVersionName();
  const datasetVersion = useJobDatasetVersion(job.id);
  const plan = (job.plan ?? null) as Plan | null;
  // Settings the job's method or task never reads (LoRA rank on full fine-tuning) are left out.
  const hyperparameters = applicableSettings(job.hyperparameters, job);
  const evaluationSettings = applicableSettings(job.evaluationSettings, job);
  const splitName = (split: string) => (tSplit.has(split) ? tSplit(split as "train") : split);

  return (
    <Card>
      <CardHeader as="h2" title={t("title")} />
      <CardBody className="space-y-5 text-sm">
        <dl className="divide-y divide-border">
          <Entry label={t("baseModel")}>{job.baseModel.name}</Entry>
          <Entry label={t("task")}>{tTask(job.task)}</Entry>
          <Entry label={t("method")}>{tMethod(job.method)}</Entry>
          <Entry label={t("datasetVersion")}>
            {datasetVersion.data ? versionName(datasetVersion.data) : <span className="font-mono text-xs">{job.datasetVersionId}</span>}
          </Entry>
          <Entry label={t("externalId")}>
            <span className="font-mono text-xs">{job.externalId}</span>
          </Entry>
          {job.method === "lora" || job.method === "qlora" ? <Entry label={t("mergeWeights")}>{job.mergeWeights ? t("yes") : t("no")}</Entry> : null}
          {job.labels.length > 0 && <Entry label={t("labels", { count: job.labels.length })}>{job.labels.join(", ")}</Entry>}
          <Entry label={t("attempts")}>{job.attempts}</Entry>
          <Entry label={t("created")}>{f.dateTime(job.createdAt)}</Entry>
          <Entry label={t("started")}>{f.dateTime(job.startedAt)}</Entry>
          <Entry label={t("finished")}>{f.dateTime(job.finishedAt)}</Entry>
        </dl>

        {plan && (
          <section>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{t("plan")}</h3>
            <dl className="divide-y divide-border">
              {plan.trainableParameters !== undefined && plan.totalParameters !== undefined && (
                <Entry label={t("trainable")}>
                  {t("trainableValue", { trainable: f.count(plan.trainableParameters), total: f.count(plan.totalParameters), ratio: f.percent(plan.trainableRatio ?? 0) })}
                </Entry>
              )}
              {plan.memoryMb?.total !== undefined && <Entry label={t("memoryEstimate")}>{f.megabytes(plan.memoryMb.total)}</Entry>}
              {plan.targetModules && <Entry label={t("targetModules")}>{plan.targetModules.join(", ")}</Entry>}
              {plan.precision && <Entry label={t("precision")}>{plan.precision}</Entry>}
              {plan.rows && <Entry label={t("rows")}>{Object.entries(plan.rows).map(([split, count]) => t("rowsOfSplit", { split: splitName(split), count: f.count(count) })).join(t("listSeparator"))}</Entry>}
            </dl>
          </section>
        )}

        <section>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{t("hyperparameters")}</h3>
          <dl className="divide-y divide-border">
            {hyperparameters.map(([key, value]) => (
              <Entry key={key} label={<span className="font-mono text-xs">{key}</span>}>
                <span className="font-mono text-xs">{formatSetting(value)}</span>
              </Entry>
            ))}
          </dl>
        </section>

        {evaluationSettings.length > 0 && (
          <section>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{t("evaluationSettings")}</h3>
            <dl className="divide-y divide-border">
              {evaluationSettings.map(([key, value]) => (
                <Entry key={key} label={<span className="font-mono text-xs">{key}</span>}>
                  <span className="font-mono text-xs">{formatSetting(value)}</span>
                </Entry>
              ))}
            </dl>
          </section>
        )}
      </CardBody>
    </Card>
  );
}
