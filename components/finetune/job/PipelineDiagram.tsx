"use client";

import { useTranslations } from "next-intl";
import { MermaidDiagram } from "@/components/mermaid/MermaidDiagram";
import { Card, CardBody, CardHeader } from "@/components/ui";
import { buildPipelineSource, PIPELINE_STAGES, stageStates } from "./pipeline";
import type { FineTuneJobView } from "./types";

/** Draws data → train → evaluate → register with the job's current stage highlighted, and states it in words. */
export function PipelineDiagram({ job }: { job: FineTuneJobView }) {
  const t = useTranslations("fineTuningJob.pipeline");
  const tStage = useTranslations("fineTuningJob.stages");

  const states = stageStates(job.status, job.stage);
  const source = buildPipelineSource(states, (stage) => tStage(stage));
  const stage = tStage(job.stage);
  const summary =
    job.status === "queued"
      ? t("waiting")
      : job.status === "succeeded"
        ? t("finished")
        : job.status === "failed"
          ? t("failedAt", { stage })
          : job.status === "cancelled"
            ? t("cancelledAt", { stage })
            : t("current", { stage });

  return (
    <Card>
      <CardHeader as="h3" title={t("title")} />
      <CardBody>
        <MermaidDiagram source={source} label={t("label")} errorText={`${t("failed")} ${PIPELINE_STAGES.map((name) => `${tStage(name)}: ${t(`states.${states[name]}`)}`).join(", ")}`}>
          {summary}
        </MermaidDiagram>
      </CardBody>
    </Card>
  );
}
