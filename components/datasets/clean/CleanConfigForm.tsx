"use client";

import { useTranslations } from "next-intl";
import { useId, type ReactNode } from "react";
import { FieldSet, FormField, Input } from "@/components/ui";
import { PII_KIND_ORDER, type CleanForm, type CleanFormErrors } from "./clean-config";

/** Renders the cleaning rules: deduplication, filters, text normalisation and the kinds of personal data to mask. */
export function CleanConfigForm({ form, errors, disabled, onChange }: { form: CleanForm; errors: CleanFormErrors; disabled: boolean; onChange: (form: CleanForm) => void }) {
  const t = useTranslations("datasets.clean");
  const id = useId();

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <FieldSet legend={t("dedupeLegend")}>
        <Checkbox id={`${id}-exact`} checked={form.dedupeExact} disabled={disabled} onChange={(dedupeExact) => onChange({ ...form, dedupeExact })} label={t("dedupeExact")} hint={t("dedupeExactHint")} />
        <Checkbox
          id={`${id}-near`}
          checked={form.nearDuplicates.enabled}
          disabled={disabled}
          onChange={(enabled) => onChange({ ...form, nearDuplicates: { ...form.nearDuplicates, enabled } })}
          label={t("nearDuplicates")}
          hint={t("nearDuplicatesHint")}
        />
        {form.nearDuplicates.enabled && (
          <FormField
            id={`${id}-threshold`}
            label={t("threshold", { value: form.nearDuplicates.threshold.toFixed(2) })}
            hint={t("thresholdHint")}
            error={errors.threshold ? t("thresholdRange") : undefined}
            className="pl-6"
          >
            <input
              type="range"
              min={0.5}
              max={1}
              step={0.01}
              value={form.nearDuplicates.threshold}
              disabled={disabled}
              onChange={(event) => onChange({ ...form, nearDuplicates: { ...form.nearDuplicates, threshold: Number(event.target.value) } })}
              className="w-full max-w-xs accent-brand-600"
            />
          </FormField>
        )}
      </FieldSet>

      <FieldSet legend={t("filterLegend")}>
        <Checkbox id={`${id}-empty`} checked={form.dropEmpty} disabled={disabled} onChange={(dropEmpty) => onChange({ ...form, dropEmpty })} label={t("dropEmpty")} hint={t("dropEmptyHint")} />
        <div className="grid grid-cols-2 gap-3">
          <FormField id={`${id}-min`} label={t("minTokens")} hint={t("tokensHint")} error={errors.minTokens ? t("tokensInvalid") : undefined}>
            <Input inputMode="numeric" value={form.minTokens} disabled={disabled} onChange={(event) => onChange({ ...form, minTokens: event.target.value })} />
          </FormField>
          <FormField
            id={`${id}-max`}
            label={t("maxTokens")}
            hint={t("tokensHint")}
            error={errors.maxTokens && t(errors.maxTokens === "belowMin" ? "maxBelowMin" : "tokensInvalid")}
          >
            <Input inputMode="numeric" value={form.maxTokens} disabled={disabled} onChange={(event) => onChange({ ...form, maxTokens: event.target.value })} />
          </FormField>
        </div>
      </FieldSet>

      <FieldSet legend={t("normalizeLegend")}>
        <Checkbox
          id={`${id}-whitespace`}
          checked={form.normalizeWhitespace}
          disabled={disabled}
          onChange={(normalizeWhitespace) => onChange({ ...form, normalizeWhitespace })}
          label={t("whitespace")}
          hint={t("whitespaceHint")}
        />
        <Checkbox
          id={`${id}-fullwidth`}
          checked={form.normalizeFullWidth}
          disabled={disabled}
          onChange={(normalizeFullWidth) => onChange({ ...form, normalizeFullWidth })}
          label={t("fullWidth")}
          hint={t("fullWidthHint")}
        />
      </FieldSet>

      <FieldSet legend={t("piiLegend")}>
        <p className="-mt-2 text-xs text-muted">{t("piiHint")}</p>
        {PII_KIND_ORDER.map((kind) => (
          <Checkbox
            key={kind}
            id={`${id}-pii-${kind}`}
            checked={form.scrubPii[kind]}
            disabled={disabled}
            onChange={(checked) => onChange({ ...form, scrubPii: { ...form.scrubPii, [kind]: checked } })}
            label={t(`pii.${kind}`)}
            hint={t(`piiExamples.${kind}`)}
          />
        ))}
      </FieldSet>
    </div>
  );
}

function Checkbox({ id, checked, disabled, onChange, label, hint }: { id: string; checked: boolean; disabled: boolean; onChange: (checked: boolean) => void; label: ReactNode; hint?: ReactNode }) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-0.5 size-4 accent-brand-600"
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div>
        <label htmlFor={id} className="text-sm">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-muted">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
