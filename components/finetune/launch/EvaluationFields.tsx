"use client";

import { useTranslations } from "next-intl";
import { FIELD_IDS } from "./field-ids";
import { isLoraMethod } from "./form-state";
import { EvaluationInput, type LaunchFieldProps } from "./NumberInput";

/** Limits of the before/after evaluation on the test split, and whether to save merged weights. */
export function EvaluationFields(props: LaunchFieldProps) {
  const t = useTranslations("fineTuning.launch.evaluation");
  const { draft, onChange, errorOf } = props;
  const mergeError = errorOf("mergeWeights");
  const canMerge = isLoraMethod(draft.method);

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <EvaluationInput {...props} field="max_rows" label={t("max_rows.label")} hint={t("max_rows.hint")} />
        <EvaluationInput {...props} field="max_new_tokens" label={t("max_new_tokens.label")} hint={t("max_new_tokens.hint")} />
        <EvaluationInput {...props} field="batch_size" label={t("batch_size.label")} hint={t("batch_size.hint")} />
      </div>
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            id={FIELD_IDS.mergeWeights}
            checked={draft.mergeWeights && canMerge}
            disabled={!canMerge}
            aria-describedby="ft-merge-weights-hint"
            onChange={(event) => onChange({ mergeWeights: event.target.checked })}
          />
          {t("merge.label")}
        </label>
        <p id="ft-merge-weights-hint" className="text-xs text-muted">
          {canMerge ? t("merge.hint") : t("merge.onlyLora")}
        </p>
        {mergeError && (
          <p role="alert" className="text-xs font-medium text-red-600">
            {mergeError}
          </p>
        )}
      </div>
    </div>
  );
}
