"use client";

import type { ReactNode } from "react";
import { FormField, Input } from "@/components/ui";
import { evaluationFieldId, numberFieldId } from "./field-ids";
import type { EvaluationField, LaunchDraft, NumberField } from "./form-state";

/** What every group of launch fields receives: the draft, a way to change it, and each field's error text. */
export type LaunchFieldProps = {
  draft: LaunchDraft;
  onChange: (patch: Partial<LaunchDraft>) => void;
  /** The error text of an API field name such as "hyperparameters.lora_rank", or undefined. */
  errorOf: (field: string) => string | undefined;
};

type NumberInputProps = LaunchFieldProps & { field: NumberField; label: ReactNode; hint?: ReactNode; placeholder?: string };

/** A hyperparameter typed as text, so "2e-4" and a half-typed value survive until validation reads them. */
export function HyperparameterInput({ draft, onChange, errorOf, field, label, hint, placeholder }: NumberInputProps) {
  return (
    <FormField id={numberFieldId(field)} label={label} hint={hint} error={errorOf(`hyperparameters.${field}`)}>
      <Input
        inputMode="decimal"
        autoComplete="off"
        placeholder={placeholder}
        value={draft.numbers[field]}
        onChange={(event) => onChange({ numbers: { ...draft.numbers, [field]: event.target.value } })}
      />
    </FormField>
  );
}

type EvaluationInputProps = LaunchFieldProps & { field: EvaluationField; label: ReactNode; hint?: ReactNode };

export function EvaluationInput({ draft, onChange, errorOf, field, label, hint }: EvaluationInputProps) {
  return (
    <FormField id={evaluationFieldId(field)} label={label} hint={hint} error={errorOf(`evaluation.${field}`)}>
      <Input
        inputMode="numeric"
        autoComplete="off"
        value={draft.evaluation[field]}
        onChange={(event) => onChange({ evaluation: { ...draft.evaluation, [field]: event.target.value } })}
      />
    </FormField>
  );
}
