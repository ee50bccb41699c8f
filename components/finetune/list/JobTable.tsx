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

/** Lists jobs with status, base model, method, task, dataset version, progress, times and results. */
export function JobTable({ jobs }: { jobs: JobSummary[] }) {
  const t = useTranslations("fineTuning");
  const format = useFormatter();
  const versionName = useDatasetVersionName();
  const progressDetail = useProgressDetail();
  const dateTime = (value: string) => format.dateTime(new Date(value), { dateStyle: "medium", timeStyle: "short" });

  return (
    <Table caption={t("list.caption")} captionHidden>
      <THead>
        <tr>
          <Th>{t("list.columns.name")}</Th>
          <Th>{t("list.columns.status")}</Th>
          <Th>{t("list.columns.baseModel")}</Th>
          <Th>{t("list.columns.method")}</Th>
          <Th>{t("list.columns.dataset")}</Th>
          <Th className="w-56">{t("list.columns.progress")}</Th>
          <Th>{t("list.columns.time")}</Th>
          <Th>{t("list.columns.result")}</Th>
        </tr>
      </THead>
      <TBody>
        {jobs.map((job) => (
          <Tr key={job.id} data-job-id={job.id}>
            <Td>
              <Link href={`/fine-tuning/jobs/${job.id}`} className="font-medium text-brand-700 hover:underline">
                {job.name}
              </Link>
              <p className="font-mono text-xs text-muted">{job.externalId}</p>
            </Td>
            <Td>
              <JobStatusBadge status={job.status} />
            </Td>
            <Td>{job.baseModel.name}</Td>
            <Td className="whitespace-nowrap">
              <p>{t(`methods.${job.method}`)}</p>
              <p className="text-xs text-muted">{t(`tasks.${job.task}`)}</p>
            </Td>
            <Td className="text-muted">{versionName(job.datasetVersion)}</Td>
            <Td>
              <ProgressBar value={job.progress} label={t("list.progressLabel", { name: job.name })} detail={progressDetail(job)} />
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
