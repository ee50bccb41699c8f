"use client";

import { useTranslations } from "next-intl";
import { FormField, Input } from "@/components/ui";
import type { CanaryFields as CanaryFieldValues } from "./form-state";
import { ModelSelect } from "./ModelSelect";
import type { ModelSummary, UsableModel } from "./types";

type Props = {
  idPrefix: string;
  enabled: boolean;
  onEnabledChange: (enabled: boolean) => void;
  values: CanaryFieldValues;
  onChange: (values: CanaryFieldValues) => void;
  usable: UsableModel[];
  known: Map<string, ModelSummary>;
};

/** Edits the canary model, its share and the thresholds at which the gateway rolls it back. */
export function CanaryFields({ idPrefix, enabled, onEnabledChange, values, onChange, usable, known }: Props) {
  const t = useTranslations("gateway.form");
  const set = (patch: Partial<CanaryFieldValues>) => onChange({ ...values, ...patch });

  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4 accent-brand-600" checked={enabled} onChange={(event) => onEnabledChange(event.target.checked)} />
        {t("canaryEnabled")}
      </label>
      {enabled && (
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${idPrefix}-canary-model`} label={t("canaryModel")} className="sm:col-span-2">
            <ModelSelect id={`${idPrefix}-canary-model`} value={values.modelId} onChange={(modelId) => set({ modelId })} usable={usable} known={known} label={t("canaryModel")} />
          </FormField>
          <FormField id={`${idPrefix}-canary-percent`} label={t("canaryPercent")} hint={t("canaryPercentHint")}>
            <Input type="number" min={0} max={100} step={1} value={values.percent} onChange={(event) => set({ percent: event.target.value })} />
          </FormField>
          <FormField id={`${idPrefix}-canary-error`} label={t("canaryMaxErrorRate")} hint={t("canaryMaxErrorRateHint")}>
            <Input type="number" min={0} max={100} step="any" value={values.maxErrorRatePercent} onChange={(event) => set({ maxErrorRatePercent: event.target.value })} />
          </FormField>
          <FormField id={`${idPrefix}-canary-p95`} label={t("canaryMaxP95")} hint={t("canaryMaxP95Hint")}>
            <Input type="number" min={1} step={1} value={values.maxP95Ms} onChange={(event) => set({ maxP95Ms: event.target.value })} />
          </FormField>
          <FormField id={`${idPrefix}-canary-min`} label={t("canaryMinRequests")} hint={t("canaryMinRequestsHint")}>
            <Input type="number" min={1} step={1} value={values.minRequests} onChange={(event) => set({ minRequests: event.target.value })} />
          </FormField>
        </div>
      )}
    </div>
  );
}
