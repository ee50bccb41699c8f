"use client";

import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { apiUrl } from "@/components/datasets/api";
import { Alert, buttonClasses } from "@/components/ui";
import { splitName } from "./format";
import { checkpointStep, splitOfFile, type TrainerFailure } from "./job-timeline";
import type { FineTuneJobView } from "./types";

/** Failure codes with a translated cause: the trainer's codes, the worker's trainer_crashed and the orphan sweep's worker_lost and queue_lost (lib/finetune/orphans.ts). */
const KNOWN_CAUSES = ["out_of_memory", "bad_row", "missing_model_files", "invalid_spec", "internal", "trainer_crashed", "worker_lost", "queue_lost"];

/**
 * States why a failed job stopped, in plain words for its error code, with the dataset row or setting at
 * fault when the trainer named one, and offers the last good checkpoint. A cancelled job gets a short
 * note and the same checkpoint link.
 */
export function FailurePanel({ job, failure }: { job: FineTuneJobView; failure: TrainerFailure | null }) {
  const t = useTranslations("fineTuningJob.failure");
  const tSplit = useTranslations("fineTuningJob.splits");
  if (job.status !== "failed" && job.status !== "cancelled") return null;

  const code = job.errorCode ?? failure?.code ?? "internal";
  // The trainer's own error event carries the row and field; the job row keeps only the code and message.
  const trainerFailure = failure?.code === code ? failure : null;
  const checkpoint = job.lastCheckpoint ? (
    <CheckpointLink jobId={job.id} folder={job.lastCheckpoint} />
  ) : (
    <p className="mt-2">{t("noCheckpoint")}</p>
  );

  if (job.status === "cancelled") {
    return (
      <Alert tone="warning" title={t("cancelledTitle")}>
        <p>{t("cancelledBody")}</p>
        {checkpoint}
      </Alert>
    );
  }

  return (
    <Alert tone="error" title={t("title")}>
      <p>{t(`causes.${KNOWN_CAUSES.includes(code) ? code : "internal"}` as "causes.internal")}</p>
      {code === "bad_row" && trainerFailure?.line != null && trainerFailure.file && (
        <p className="mt-1 font-medium">{t("badRow", { line: trainerFailure.line, split: splitName(tSplit, splitOfFile(trainerFailure.file)) })}</p>
      )}
      {trainerFailure?.field && <p className="mt-1 font-medium">{t("field", { field: trainerFailure.field })}</p>}
      {job.errorMessage && (
        <details className="mt-2">
          <summary className="cursor-pointer">{t("details")}</summary>
          <p className="mt-1 font-mono text-xs break-words whitespace-pre-wrap">{job.errorMessage}</p>
        </details>
      )}
      {checkpoint}
    </Alert>
  );
}

function CheckpointLink({ jobId, folder }: { jobId: string; folder: string }) {
  const t = useTranslations("fineTuningJob.failure");
  const step = checkpointStep(folder);
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3">
      <span>{step === null ? t("checkpointUnknownStep") : t("checkpoint", { step })}</span>
      <a href={apiUrl(`/fine-tuning/jobs/${encodeURIComponent(jobId)}/checkpoint/download`)} download className={buttonClasses("secondary", "sm")}>
        <Download className="size-4" aria-hidden />
        {t("downloadCheckpoint")}
      </a>
    </div>
  );
}
