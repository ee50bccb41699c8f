import type { EvaluationField, NumberField } from "./form-state";

/*
 * Element ids of the launch form's controls, keyed by the API's dotted field names. They are stable, so
 * end-to-end tests and server field errors find the same control.
 */

const NUMBER_IDS: Record<NumberField, string> = {
  lora_rank: "ft-lora-rank",
  lora_alpha: "ft-lora-alpha",
  lora_dropout: "ft-lora-dropout",
  learning_rate: "ft-learning-rate",
  warmup_ratio: "ft-warmup-ratio",
  weight_decay: "ft-weight-decay",
  epochs: "ft-epochs",
  max_steps: "ft-max-steps",
  batch_size: "ft-batch-size",
  gradient_accumulation_steps: "ft-gradient-accumulation",
  max_length: "ft-max-length",
  seed: "ft-seed",
  eval_steps: "ft-eval-steps",
  save_steps: "ft-save-steps",
  logging_steps: "ft-logging-steps",
  save_total_limit: "ft-save-total-limit",
  num_virtual_tokens: "ft-virtual-tokens",
};

const EVALUATION_IDS: Record<EvaluationField, string> = {
  max_rows: "ft-eval-max-rows",
  max_new_tokens: "ft-eval-max-new-tokens",
  batch_size: "ft-eval-batch-size",
};

export const FIELD_IDS: Record<string, string> = {
  name: "ft-name",
  baseModelId: "ft-base-model",
  datasetVersionId: "ft-dataset-version",
  task: "ft-task",
  method: "ft-method",
  mergeWeights: "ft-merge-weights",
  "hyperparameters.target_modules": "ft-target-modules",
  "hyperparameters.scheduler": "ft-scheduler",
  "hyperparameters.precision": "ft-precision",
  ...Object.fromEntries(Object.entries(NUMBER_IDS).map(([field, id]) => [`hyperparameters.${field}`, id])),
  ...Object.fromEntries(Object.entries(EVALUATION_IDS).map(([field, id]) => [`evaluation.${field}`, id])),
};

export const numberFieldId = (field: NumberField) => NUMBER_IDS[field];
export const evaluationFieldId = (field: EvaluationField) => EVALUATION_IDS[field];
