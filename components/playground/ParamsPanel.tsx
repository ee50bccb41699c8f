"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { FormField, Input, Textarea } from "@/components/ui";
import type { SamplingSettings } from "./types";

export const DEFAULT_SCHEMA = JSON.stringify(
  { type: "object", properties: { answer: { type: "string" }, confidence: { type: "number", minimum: 0, maximum: 1 } }, required: ["answer"] },
  null,
  2,
);

const ALIGNED_FIELD = "row-span-4 grid grid-rows-subgrid";

export type SettingsProblems = Partial<Record<"temperature" | "topP" | "maxTokens" | "stop" | "schema", string>>;

type Props = { settings: SamplingSettings; problems: SettingsProblems; disabled: boolean; onChange: (settings: SamplingSettings) => void };

/** Sampling parameters and JSON mode. Empty number fields leave the provider's default in place. */
export function ParamsPanel({ settings, problems, disabled, onChange }: Props) {
  const t = useTranslations("playground.params");
  const ids = { temperature: useId(), topP: useId(), maxTokens: useId(), stop: useId(), json: useId(), schema: useId() };
  const set = (key: keyof SamplingSettings) => (event: { target: { value: string } }) => onChange({ ...settings, [key]: event.target.value });

  return (
    <div className="space-y-4">
      {/* Each field spans four subgrid rows (label, input, hint, error), so the inputs line up even when a label wraps. */}
      <div className="grid grid-cols-3 gap-x-3">
        <FormField id={ids.temperature} className={ALIGNED_FIELD} label={t("temperature")} hint={t("temperatureHint")} error={problems.temperature}>
          <Input type="number" min={0} max={2} step={0.1} value={settings.temperature} disabled={disabled} onChange={set("temperature")} invalid={!!problems.temperature} />
        </FormField>
        <FormField id={ids.topP} className={ALIGNED_FIELD} label={t("topP")} hint={t("topPHint")} error={problems.topP}>
          <Input type="number" min={0} max={1} step={0.05} value={settings.topP} disabled={disabled} onChange={set("topP")} invalid={!!problems.topP} />
        </FormField>
        <FormField id={ids.maxTokens} className={ALIGNED_FIELD} label={t("maxTokens")} hint={t("maxTokensHint")} error={problems.maxTokens}>
          <Input type="number" min={1} step={1} value={settings.maxTokens} disabled={disabled} onChange={set("maxTokens")} invalid={!!problems.maxTokens} />
        </FormField>
      </div>

      <FormField id={ids.stop} label={t("stop")} hint={t("stopHint")} error={problems.stop}>
        <Textarea rows={2} value={settings.stop} disabled={disabled} onChange={set("stop")} invalid={!!problems.stop} />
      </FormField>

      <div className="flex items-center gap-2">
        <input
          id={ids.json}
          type="checkbox"
          className="size-4 accent-brand-600"
          checked={settings.jsonMode}
          disabled={disabled}
          onChange={(event) => onChange({ ...settings, jsonMode: event.target.checked })}
        />
        <label htmlFor={ids.json} className="text-sm font-medium">
          {t("jsonMode")}
        </label>
      </div>

      {settings.jsonMode && (
        <FormField id={ids.schema} label={t("schema")} hint={t("schemaHint")} error={problems.schema}>
          <Textarea rows={10} className="font-mono text-xs" value={settings.schemaText} disabled={disabled} onChange={set("schemaText")} invalid={!!problems.schema} spellCheck={false} />
        </FormField>
      )}
    </div>
  );
}
