"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Spinner } from "@/components/ui";
import type { PlanView } from "./types";

type PlanSummaryProps = {
  plan: PlanView | undefined;
  /** True while the shown plan is for older settings or a new one is being computed. */
  pending: boolean;
  /** True while the form has issues of its own, so no plan is requested. */
  blocked: boolean;
  /** Plan failures that belong to no form field. */
  failures: string[];
};

function MemoryRow({ label, mb }: { label: string; mb: number }) {
  const t = useTranslations("fineTuning.launch.plan");
  const format = useFormatter();
  const value = mb >= 1024 ? t("gib", { value: format.number(mb / 1024, { maximumFractionDigits: 1 }) }) : t("mib", { value: format.number(mb, { maximumFractionDigits: 0 }) });
  return (
    <div className="flex justify-between gap-2">
      <dt className="text-muted">{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}

/** The trainable-parameter ratio and memory estimate of the job as the form describes it, or why it cannot be planned. */
export function PlanSummary({ plan, pending, blocked, failures }: PlanSummaryProps) {
  const t = useTranslations("fineTuning.launch.plan");
  const format = useFormatter();

  return (
    <section aria-labelledby="ft-plan-title" aria-live="polite" aria-busy={pending} data-testid="ft-plan" className="space-y-3 text-sm">
      <h2 id="ft-plan-title" className="text-sm font-semibold text-fg">
        {t("title")}
      </h2>

      {blocked && <p className="text-muted">{t("blocked")}</p>}
      {!blocked && pending && (
        <p className="flex items-center gap-2 text-muted">
          <Spinner className="size-4" />
          {t("pending")}
        </p>
      )}
      {!blocked && failures.length > 0 && (
        <ul className="space-y-1 text-red-700" role="alert">
          {failures.map((failure) => (
            <li key={failure}>{failure}</li>
          ))}
        </ul>
      )}

      {!blocked && plan && (
        <div className={pending ? "opacity-50" : undefined}>
          <p className="text-2xl font-semibold text-fg tabular-nums" data-testid="ft-plan-ratio">
            {format.number(plan.trainableRatio, { style: "percent", maximumFractionDigits: plan.trainableRatio < 0.01 ? 3 : 1 })}
          </p>
          <p className="text-muted tabular-nums" data-testid="ft-plan-parameters">
            {t("trainable", { trainable: format.number(plan.trainableParameters), total: format.number(plan.totalParameters) })}
          </p>

          <h3 className="mt-4 mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{t("memory")}</h3>
          <dl className="space-y-0.5" data-testid="ft-plan-memory">
            <MemoryRow label={t("memoryParts.weights")} mb={plan.memoryMb.weights} />
            <MemoryRow label={t("memoryParts.gradients")} mb={plan.memoryMb.gradients} />
            <MemoryRow label={t("memoryParts.optimizer")} mb={plan.memoryMb.optimizer} />
            <MemoryRow label={t("memoryParts.activations")} mb={plan.memoryMb.activations} />
            <div className="border-t border-border pt-0.5 font-medium">
              <MemoryRow label={t("memoryParts.total")} mb={plan.memoryMb.total} />
            </div>
          </dl>
          <p className="mt-1 text-xs text-muted">{t("estimateNote", { device: plan.device, precision: plan.precision })}</p>

          <p className="mt-3 text-xs text-muted tabular-nums">{t("rows", { train: plan.rows.train ?? 0, validation: plan.rows.validation ?? 0, test: plan.rows.test ?? 0 })}</p>
          {plan.targetModules && <p className="mt-1 font-mono text-xs text-muted">{t("targetModules", { modules: plan.targetModules.join(", ") })}</p>}
        </div>
      )}
    </section>
  );
}
