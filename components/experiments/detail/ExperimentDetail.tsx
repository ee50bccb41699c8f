"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { apiSend, useApiErrorMessage } from "@/components/datasets/api";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { Alert, Button, Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { ExperimentsNav } from "../ExperimentsNav";
import { percentText } from "../format";
import { experimentKeys, useExperiment } from "../queries";
import { StatusBadge } from "../StatusBadge";
import type { ExperimentView } from "../types";
import { localiseVariantLabel } from "../variant-label";
import { AccuracyChart } from "./AccuracyChart";
import { ResultRows } from "./ResultRows";
import { VariantTable } from "./VariantTable";

/** Renders an experiment's live progress, per-variant results with the accuracy chart, and its rows. */
export function ExperimentDetail({ experimentId, canRun }: { experimentId: string; canRun: boolean }) {
  const t = useTranslations("experiments");
  const query = useExperiment(experimentId);
  const experiment = query.data;

  return (
    <div>
      <ExperimentsNav />
      <Link href="/prompts/experiments" className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="size-4" aria-hidden />
        {t("detail.back")}
      </Link>
      {query.isError && <Alert tone="error">{t("detail.loadFailed")}</Alert>}
      {experiment && <ExperimentBody experiment={experiment} canRun={canRun} />}
    </div>
  );
}

function ExperimentBody({ experiment, canRun }: { experiment: ExperimentView; canRun: boolean }) {
  const t = useTranslations("experiments");
  const active = experiment.status === "queued" || experiment.status === "running";
  const scoring = experiment.config.scoring;
  const variants = useMemo(
    () => experiment.variants.map((variant) => ({ ...variant, label: localiseVariantLabel(variant.label, (kind) => t(`strategies.${kind}`)) })),
    [experiment.variants, t],
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {experiment.name}
            <StatusBadge status={experiment.status} />
          </span>
        }
        description={
          <>
            {experiment.dataset &&
              t("detail.dataset", {
                name: experiment.dataset.name,
                version: experiment.dataset.versionNumber ?? 0,
                rows: experiment.totalRows,
                split: t(`splits.${experiment.config.split}`),
              })}
            {" · "}
            {t("detail.scoringLine", { method: t(`scoringMethods.${scoring.method}`) })}
          </>
        }
        actions={canRun && <RunActions experiment={experiment} />}
      />

      <Card>
        <CardBody className="space-y-2">
          <ProgressBar
            value={experiment.progress}
            label={t("detail.progressLabel")}
            detail={t("detail.progressDetail", { done: experiment.doneCalls, total: experiment.totalCalls, percent: percentText(experiment.progress, 0) })}
          />
          {experiment.failedCalls > 0 && <p className="text-xs text-red-700">{t("detail.failedCalls", { count: experiment.failedCalls })}</p>}
          {experiment.cancelRequested && active && <p className="text-xs text-muted">{t("detail.cancelling")}</p>}
        </CardBody>
      </Card>

      {experiment.status === "failed" && (
        <Alert tone="error" title={t("detail.failedTitle")}>
          {experiment.error && t.has(`failures.${experiment.error}`) ? t(`failures.${experiment.error}`) : experiment.errorMessage}
        </Alert>
      )}
      {experiment.status === "cancelled" && (
        <Alert tone="warning" title={t("detail.cancelledTitle")}>
          {t("detail.cancelledBody")}
        </Alert>
      )}

      <Card>
        <CardHeader title={t("detail.chartTitle")} />
        <CardBody>
          <AccuracyChart variants={variants.map((variant) => ({ id: variant.id, label: variant.label, accuracy: variant.summary?.accuracy ?? null, ci95: variant.summary?.ci95 ?? null }))} />
        </CardBody>
      </Card>

      <section className="space-y-3">
        <div>
          <h2 className="text-lg font-semibold">{t("detail.summaryTitle")}</h2>
          <p className="text-sm text-muted">{t("detail.summaryDescription")}</p>
        </div>
        <VariantTable variants={variants} />
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("rows.title")}</h2>
        <ResultRows experimentId={experiment.id} variants={variants} live={active} />
      </section>
    </div>
  );
}

function RunActions({ experiment }: { experiment: ExperimentView }) {
  const t = useTranslations("experiments.detail");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: experimentKeys.all });

  const cancel = useMutation({ mutationFn: () => apiSend("POST", `/experiments/${encodeURIComponent(experiment.id)}/cancel`), onSuccess: refresh });
  const rerun = useMutation({ mutationFn: () => apiSend("POST", `/experiments/${encodeURIComponent(experiment.id)}/rerun-failed`), onSuccess: refresh });
  const active = experiment.status === "queued" || experiment.status === "running";
  const failure = cancel.error ?? rerun.error;

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {active && (
          <Button variant="secondary" loading={cancel.isPending} disabled={experiment.cancelRequested} onClick={() => cancel.mutate()}>
            {t("cancel")}
          </Button>
        )}
        {!active && (experiment.failedCalls > 0 || experiment.status === "cancelled" || experiment.status === "failed") && (
          <Button variant="secondary" loading={rerun.isPending} onClick={() => rerun.mutate()}>
            {t("rerunFailed")}
          </Button>
        )}
      </div>
      {failure && <p className="text-xs text-red-700">{errorMessage(failure)}</p>}
    </div>
  );
}
