"use client";

import { useTranslations } from "next-intl";
import { FormField, Input, Select } from "@/components/ui";
import { SCORING_METHODS } from "@/lib/experiments/schemas";
import type { ScoringMethod } from "../types";
import type { ExperimentDraft } from "./form-state";

/** Scoring method with its path or pattern. */
export function ScoringFields({ draft, onChange }: { draft: ExperimentDraft; onChange: (patch: Partial<ExperimentDraft>) => void }) {
  const t = useTranslations("experiments");
  const method = draft.scoringMethod;

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <FormField id="experiment-scoring" label={t("create.scoring")} hint={t(`scoringHelp.${method}`)}>
        <Select
          value={method}
          onChange={(event) => onChange({ scoringMethod: event.target.value as ScoringMethod })}
          options={SCORING_METHODS.map((value) => ({ value, label: t(`scoringMethods.${value}`) }))}
        />
      </FormField>
      {method === "json_field" && (
        <FormField id="experiment-json-path" label={t("create.jsonPath")} hint={t("create.jsonPathHint")} required>
          <Input value={draft.jsonPath} maxLength={200} onChange={(event) => onChange({ jsonPath: event.target.value })} />
        </FormField>
      )}
      {method === "regex" && (
        <FormField id="experiment-pattern" label={t("create.pattern")} hint={t("create.patternHint")} required>
          <Input value={draft.pattern} maxLength={500} className="font-mono" onChange={(event) => onChange({ pattern: event.target.value })} />
        </FormField>
      )}
      {(method === "json_field" || method === "regex") && (
        <label className="flex items-center gap-2 text-sm md:col-span-2">
          <input type="checkbox" checked={draft.normalise} onChange={(event) => onChange({ normalise: event.target.checked })} />
          {t("create.normalise")}
        </label>
      )}
    </div>
  );
}
