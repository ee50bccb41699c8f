"use client";

import { useTranslations } from "next-intl";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { Card, CardBody, CardHeader } from "@/components/ui";
import { useJobFormat } from "./format";
import type { JobTimeline } from "./job-timeline";
import type { FineTuneJobView } from "./types";

/** Renders the progress bar with step/total and ETA, and the latest throughput, memory, loss and learning rate. */
export function JobProgressCard({ job, timeline }: { job: FineTuneJobView; timeline: JobTimeline }) {
  const t = useTranslations("fineTuningJob.progress");
  const f = useJobFormat();
  const metrics = job.metrics ?? {};
  const number = (key: string) => (typeof metrics[key] === "number" ? (metrics[key] as number) : null);

  const steps = job.totalSteps ? t("steps", { step: f.count(job.step), total: f.count(job.totalSteps) }) : t("stepsUnknown", { step: f.count(job.step) });
  const eta = job.status === "running" && job.etaSeconds !== null && job.step > 0 ? t("eta", { time: f.duration(job.etaSeconds) }) : null;
  const detail = [steps, f.percent(job.progress), eta].filter(Boolean).join(" · ");
  // A queued job, or a running one before its first step, has no known fraction yet, so the bar moves.
  const waiting = job.status === "queued" || (job.status === "running" && job.step === 0);

  const tokensPerSecond = number("tokens_per_second");
  const memoryMb = number("memory_mb");
  const stats = [
    { label: t("tokensPerSecond"), value: tokensPerSecond === null ? "—" : f.tokensPerSecond(tokensPerSecond) },
    { label: t("memory"), value: memoryMb === null ? "—" : f.megabytes(memoryMb) },
    { label: t("loss"), value: f.decimal(number("loss")) },
    { label: t("validationLoss"), value: f.decimal(number("eval_loss")) },
    { label: t("learningRate"), value: f.decimal(number("learning_rate")) },
    { label: t("epoch"), value: f.decimal(number("epoch")) },
    { label: t("device"), value: job.device ?? "—" },
    { label: t("compute"), value: f.duration(job.computeSeconds) },
  ];

  return (
    <Card>
      <CardHeader
        as="h3"
        title={t("title")}
        description={
          job.status === "queued"
            ? t("queued")
            : timeline.resumedFromStep !== null
              ? t("resumed", { step: f.count(timeline.resumedFromStep), attempts: job.attempts })
              : undefined
        }
      />
      <CardBody className="space-y-4">
        <ProgressBar value={waiting ? null : job.progress} label={t("label")} detail={detail} />
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
          {stats.map((stat) => (
            <div key={stat.label}>
              <dt className="text-xs text-muted">{stat.label}</dt>
              <dd className="font-medium text-fg tabular-nums">{stat.value}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
