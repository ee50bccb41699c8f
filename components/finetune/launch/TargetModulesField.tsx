"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormField, Input } from "@/components/ui";
import { FIELD_IDS } from "./field-ids";
import type { LaunchFieldProps } from "./NumberInput";
import type { BaseModelOption } from "./types";

const FIELD = "hyperparameters.target_modules";

/** Splits comma- or space-separated module names, for models whose linear layers inspect did not list. */
const splitNames = (value: string) => value.split(/[\s,]+/).filter(Boolean);

/**
 * LoRA target modules: the architecture's default, or modules picked from the linear layers found in the
 * weights. When the architecture has no default, the user must pick.
 */
export function TargetModulesField({ draft, onChange, errorOf, baseModel }: LaunchFieldProps & { baseModel: BaseModelOption | undefined }) {
  const t = useTranslations("fineTuning.launch.targetModules");
  const error = errorOf(FIELD);
  const defaults = baseModel?.defaultTargetModules ?? [];
  const candidates = baseModel?.candidateTargetModules ?? [];
  const hasDefault = defaults.length > 0;
  const custom = draft.targetModules !== null || !hasDefault;
  const chosen = draft.targetModules ?? [];
  // The typed text is kept as it is, so a trailing comma survives until the next name is typed.
  const [typedNames, setTypedNames] = useState(chosen.join(", "));

  if (!baseModel) return <p className="text-sm text-muted">{t("chooseModelFirst")}</p>;

  const toggle = (name: string, checked: boolean) => onChange({ targetModules: checked ? [...chosen, name] : chosen.filter((module) => module !== name) });

  return (
    <fieldset id={FIELD_IDS[FIELD]} aria-describedby={error ? `${FIELD_IDS[FIELD]}-error` : undefined} className="space-y-2">
      <legend className="text-sm font-medium text-fg">{t("label")}</legend>
      {hasDefault ? (
        <div className="space-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" id="ft-target-default" name="ft-target-mode" checked={!custom} onChange={() => onChange({ targetModules: null })} />
            {t("useDefault", { modules: defaults.join(", ") })}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" id="ft-target-custom" name="ft-target-mode" checked={custom} onChange={() => onChange({ targetModules: [...defaults] })} />
            {t("pick")}
          </label>
        </div>
      ) : (
        <p className="text-sm text-amber-700">{t("noDefault", { architecture: baseModel.modelType ?? baseModel.architecture ?? "?" })}</p>
      )}

      {custom && candidates.length > 0 && (
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {candidates.map((name) => (
            <label key={name} className="flex items-center gap-1.5 font-mono text-xs">
              <input type="checkbox" id={`ft-target-${name}`} checked={chosen.includes(name)} onChange={(event) => toggle(name, event.target.checked)} />
              {name}
            </label>
          ))}
        </div>
      )}
      {custom && candidates.length === 0 && (
        <FormField id="ft-target-names" label={t("names")} hint={t("namesHint")}>
          <Input
            value={typedNames}
            onChange={(event) => {
              setTypedNames(event.target.value);
              onChange({ targetModules: splitNames(event.target.value) });
            }}
          />
        </FormField>
      )}

      {error && (
        <p id={`${FIELD_IDS[FIELD]}-error`} role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}
