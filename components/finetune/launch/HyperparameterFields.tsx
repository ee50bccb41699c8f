"use client";

import { useTranslations } from "next-intl";
import { FormField, Select } from "@/components/ui";
import type { Hyperparameters } from "@/lib/finetune/hyperparameters";
import { FIELD_IDS } from "./field-ids";
import { isLoraMethod, type NumberField } from "./form-state";
import { HyperparameterInput, type LaunchFieldProps } from "./NumberInput";
import { TargetModulesField } from "./TargetModulesField";
import type { BaseModelOption } from "./types";

const SCHEDULERS: Hyperparameters["scheduler"][] = ["linear", "cosine", "constant", "constant_with_warmup"];
const PRECISIONS: Hyperparameters["precision"][] = ["auto", "fp32", "bf16", "fp16"];

/** Renders one hyperparameter input with its translated label and hint. */
function useNumberInput(props: LaunchFieldProps) {
  const t = useTranslations("fineTuning.launch.hyperparameters");
  return function renderNumberInput(field: NumberField, extra: { placeholder?: string; hint?: string } = {}) {
    return <HyperparameterInput key={field} {...props} field={field} label={t(`${field}.label`)} hint={extra.hint ?? t(`${field}.hint`)} placeholder={extra.placeholder} />;
  };
}

/** LoRA rank, alpha, dropout and target modules (lora, qlora), or the soft-prompt length (prompt tuning). */
export function AdapterFields(props: LaunchFieldProps & { baseModel: BaseModelOption | undefined }) {
  const t = useTranslations("fineTuning.launch");
  const input = useNumberInput(props);

  if (props.draft.method === "prompt_tuning") return <div className="grid gap-4 sm:grid-cols-3">{input("num_virtual_tokens")}</div>;
  if (!isLoraMethod(props.draft.method)) return <p className="text-sm text-muted">{t("fullHint")}</p>;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        {input("lora_rank")}
        {input("lora_alpha")}
        {input("lora_dropout")}
      </div>
      <TargetModulesField {...props} baseModel={props.baseModel} />
    </div>
  );
}

/** Learning rate and schedule, epochs or steps, batch size, accumulation, length, seed and precision. */
export function TrainingFields(props: LaunchFieldProps) {
  const t = useTranslations("fineTuning.launch.hyperparameters");
  const input = useNumberInput(props);
  // max_length over the model's context length is a form issue (form-state.ts checkChoices), shown as the field's error.
  const { draft, onChange, errorOf } = props;

  return (
    <div className="grid gap-4 sm:grid-cols-3">
      {input("learning_rate")}
      <FormField id={FIELD_IDS["hyperparameters.scheduler"]!} label={t("scheduler.label")} hint={t("scheduler.hint")} error={errorOf("hyperparameters.scheduler")}>
        <Select
          value={draft.scheduler}
          options={SCHEDULERS.map((scheduler) => ({ value: scheduler, label: t(`scheduler.options.${scheduler}`) }))}
          onChange={(event) => onChange({ scheduler: event.target.value as Hyperparameters["scheduler"] })}
        />
      </FormField>
      {input("warmup_ratio")}
      {input("epochs")}
      {input("max_steps", { placeholder: t("max_steps.placeholder") })}
      {input("weight_decay")}
      {input("batch_size")}
      {input("gradient_accumulation_steps")}
      {input("max_length")}
      {input("seed")}
      <FormField id={FIELD_IDS["hyperparameters.precision"]!} label={t("precision.label")} hint={t("precision.hint")} error={errorOf("hyperparameters.precision")}>
        <Select
          value={draft.precision}
          options={PRECISIONS.map((precision) => ({ value: precision, label: t(`precision.options.${precision}`) }))}
          onChange={(event) => onChange({ precision: event.target.value as Hyperparameters["precision"] })}
        />
      </FormField>
    </div>
  );
}

/** How often the job evaluates, logs and saves checkpoints, and how many checkpoints it keeps. */
export function CheckpointFields(props: LaunchFieldProps) {
  const input = useNumberInput(props);
  return (
    <div className="grid gap-4 sm:grid-cols-4">
      {input("eval_steps")}
      {input("save_steps")}
      {input("logging_steps")}
      {input("save_total_limit")}
    </div>
  );
}
