"use client";

import { useFormatter, useTranslations } from "next-intl";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { JobSummary } from "@/lib/finetune/console-reads";
import { useDatasetVersionName, useFormatDuration } from "./format";
import { JobResult } from "./JobResult";
import { JobStatusBadge } from "./JobStatusBadge";

/** The text under a job's progress bar: steps done, and the remaining time while it runs. */
function useProgressDetail() {
  const t = useTranslations("fineTuning.list");
  const duration = useFormatDuration();
  return (job: JobSummary) => {
    const percent = Math.round(job.progress * 100);
    const steps = job.totalSteps ? t("steps", { step: job.step, total: job.totalSteps, percent }) : t("stage", { stage: t(`stages.${job.stage}`) });
    if (job.status !== "running" || job.etaSeconds === null) return steps;
    return t("stepsWithEta", { steps, eta: duration(job.etaSeconds) });
  };
}

/**
 * Lists jobs in six columns that fit a 1440 px page in both languages: status sits over the progress bar,
 * method and task under the base model, and long names are cut with the full text in their title.
 */
export function JobTable({ jobs }: { jobs: JobSummary[] }) {
  const t = useTranslations("fineTuning");
  const format = useFormatter();
  const versionName = useDatasetVersionName();
  const progressDetail = useProgressDetail();
  const dateTime = (value: string) => format.dateTime(new Date(value), { dateStyle: "short", timeStyle: "short" });

  return (
    <Table caption={t("list.caption")} captionHidden>
      <THead>
        <tr>
          <Th>{t("list.columns.name")}</Th>
          <Th>{t("list.columns.statusProgress")}</Th>
          <Th>{t("list.columns.model")}</Th>
          <Th>{t("list.columns.dataset")}</Th>
          <Th>{t("list.columns.time")}</Th>
          <Th className="min-w-48">{t("list.columns.result")}</Th>
        </tr>
      </THead>
      <TBody>
        {jobs.map((job) => (
          <Tr key={job.id} data-job-id={job.id}>
            <Td className="max-w-44">
              <Link href={`/fine-tuning/jobs/${job.id}`} className="block truncate font-medium text-brand-700 hover:underline" title={job.name}>
                {job.name}
              </Link>
              <p className="truncate font-mono text-xs text-muted" title={job.externalId}>
                {job.externalId}
              </p>
            </Td>
            <Td className="min-w-36 space-y-1.5">
              <JobStatusBadge status={job.status} />
              <ProgressBar value={job.progress} label={t("list.progressLabel", { name: job.name })} detail={progressDetail(job)} />
            </Td>
            <Td className="max-w-48">
              <p className="truncate" title={job.baseModel.name}>
                {job.baseModel.name}
              </p>
              <p className="text-xs text-muted">{t("list.methodAndTask", { method: t(`methods.${job.method}`), task: t(`tasks.${job.task}`) })}</p>
            </Td>
            <Td className="max-w-40 text-muted">
              <p className="truncate" title={versionName(job.datasetVersion)}>
                {versionName(job.datasetVersion)}
              </p>
            </Td>
            <Td className="text-xs whitespace-nowrap text-muted">
              <p>{t("list.created", { time: dateTime(job.createdAt) })}</p>
              {job.finishedAt && <p>{t("list.finished", { time: dateTime(job.finishedAt) })}</p>}
            </Td>
            <Td>
              <JobResult job={job} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
