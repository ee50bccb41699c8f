"use client";

import { ArrowLeft } from "lucide-react";
import { useTranslations } from "next-intl";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, PageHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { ArtifactsTable } from "./ArtifactsTable";
import { CancelJobButton } from "./CancelJobButton";
import { EvalStepsTable } from "./EvalStepsTable";
import { EvaluationComparison } from "./EvaluationComparison";
import { FailurePanel } from "./FailurePanel";
import { JobProgressCard } from "./JobProgressCard";
import { JobSettingsPanel } from "./JobSettingsPanel";
import { LogTail } from "./LogTail";
import { ModelVersionCard } from "./ModelVersionCard";
import { PipelineDiagram } from "./PipelineDiagram";
import { useJob, useJobTimeline } from "./queries";
import { StatusBadge } from "./StatusBadge";
import { TrainingCharts } from "./TrainingCharts";
import { isActiveStatus } from "./types";

type Props = { jobId: string; canCancel: boolean };

/**
 * Renders the live page of one fine-tuning job. It polls the job and its events every 1.5 s while the job is
 * queued or running and stops once it finished, so curves, log and stage move without a reload.
 */
export function JobDetail({ jobId, canCancel }: Props) {
  const t = useTranslations("fineTuningJob");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const { data: job, error, isPending, refetch } = useJob(jobId);
  const active = job ? isActiveStatus(job.status) : undefined;
  const { timeline, error: eventsError } = useJobTimeline(jobId, active);

  const back = (
    <Link href="/fine-tuning" className="mb-4 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
      <ArrowLeft className="size-4" aria-hidden />
      {t("back")}
    </Link>
  );

  if (error && !job) {
    return (
      <>
        {back}
        <Alert tone="error">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      </>
    );
  }
  if (isPending || !job) return <p className="text-sm text-muted">{tCommon("loading")}</p>;

  const evalSteps = typeof job.hyperparameters.eval_steps === "number" ? job.hyperparameters.eval_steps : null;

  return (
    <>
      {back}
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>{job.name}</span>
            <StatusBadge status={job.status} />
          </span>
        }
        description={t("description", { id: job.externalId, base: job.baseModel.name })}
        actions={canCancel && isActiveStatus(job.status) ? <CancelJobButton job={job} /> : undefined}
      />

      {/* Polling failures keep the last data on screen; the alert says it is no longer updating. */}
      {(error || eventsError) && (
        <Alert tone="warning" className="mb-4">
          {t("pollFailed", { reason: errorMessage(error ?? eventsError) })}
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <FailurePanel job={job} failure={timeline.failure} />
          <JobProgressCard job={job} timeline={timeline} />
          <PipelineDiagram job={job} />
          <TrainingCharts timeline={timeline} />
          <EvalStepsTable timeline={timeline} evalSteps={evalSteps} />
          <EvaluationComparison job={job} />
          <ModelVersionCard job={job} registered={timeline.registered} />
          <ArtifactsTable job={job} />
          <LogTail lines={timeline.logs} />
        </div>
        <aside className="min-w-0">
          <JobSettingsPanel job={job} />
        </aside>
      </div>
    </>
  );
}
