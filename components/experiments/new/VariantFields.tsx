"use client";

import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button, FormField, Input, Select } from "@/components/ui";
import { STRATEGY_KINDS, type StrategyKind } from "@/lib/prompts/types";
import type { ModelOption, PromptVersionOption, TemplateOption } from "../types";
import type { VariantDraft } from "./form-state";

type Props = {
  variant: VariantDraft;
  index: number;
  templates: TemplateOption[];
  versions: PromptVersionOption[];
  models: ModelOption[];
  /** The label the variant gets when left unnamed; null until its version and model are chosen. */
  defaultLabel: string | null;
  canRemove: boolean;
  onChange: (patch: Partial<VariantDraft>) => void;
  onRemove: () => void;
};

/** The fields of one variant: template, version, strategy (with samples for self-consistency), model and label. */
export function VariantFields({ variant, index, templates, versions, models, defaultLabel, canRemove, onChange, onRemove }: Props) {
  const t = useTranslations("experiments");
  const id = (field: string) => `variant-${variant.key}-${field}`;
  const number = index + 1;
  const version = versions.find((candidate) => candidate.id === variant.promptVersionId);

  return (
    <fieldset className="rounded-md border border-border p-4">
      <legend className="px-1 text-sm font-semibold">{t("create.variantNumber", { number })}</legend>
      <div className="grid gap-4 md:grid-cols-3">
        <FormField id={id("template")} label={t("create.template")} required>
          <Select
            value={variant.templateName}
            placeholder={t("create.templatePlaceholder")}
            onChange={(event) => onChange({ templateName: event.target.value, promptVersionId: "" })}
            options={templates.map((template) => ({ value: template.name, label: template.name }))}
          />
        </FormField>
        <FormField id={id("version")} label={t("create.version")} required>
          <Select
            value={variant.promptVersionId}
            placeholder={t("create.required")}
            disabled={variant.templateName === ""}
            onChange={(event) => onChange({ promptVersionId: event.target.value })}
            options={versions.map((option) => ({ value: option.id, label: t("create.versionOption", { number: option.number, strategy: t(`strategies.${option.strategy.kind}`) }) }))}
          />
        </FormField>
        <FormField id={id("model")} label={t("create.model")} required>
          <Select
            value={variant.modelId}
            placeholder={t("create.modelPlaceholder")}
            onChange={(event) => onChange({ modelId: event.target.value })}
            options={models.map((model) => ({ value: model.id, label: `${model.displayName || model.name} · ${model.providerName}` }))}
          />
        </FormField>
        <FormField id={id("strategy")} label={t("create.strategy")}>
          <Select value={variant.strategyKind} onChange={(event) => onChange({ strategyKind: event.target.value as StrategyKind | "" })}>
            <option value="">{t("create.strategyOfVersion", { strategy: version ? t(`strategies.${version.strategy.kind}`) : "…" })}</option>
            {STRATEGY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`strategies.${kind}`)}
              </option>
            ))}
          </Select>
        </FormField>
        {variant.strategyKind === "self_consistency" && (
          <FormField id={id("samples")} label={t("create.samples")} hint={t("create.samplesHint")}>
            <Input type="number" min={2} max={64} value={variant.samples} onChange={(event) => onChange({ samples: Number(event.target.value) })} />
          </FormField>
        )}
        <FormField id={id("label")} label={t("create.variantLabel")}>
          <Input value={variant.label} maxLength={120} placeholder={defaultLabel ?? t("create.variantLabelPlaceholder")} onChange={(event) => onChange({ label: event.target.value })} />
        </FormField>
      </div>
      {canRemove && (
        <div className="mt-3 flex justify-end">
          <Button variant="ghost" size="sm" icon={<Trash2 className="size-4" aria-hidden />} onClick={onRemove}>
            {t("create.removeVariant", { number })}
          </Button>
        </div>
      )}
    </fieldset>
  );
}
