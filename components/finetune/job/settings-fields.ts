import { LORA_METHODS, type FineTuneMethodName, type FineTuneTaskName } from "@/lib/finetune/hyperparameters";

/** Settings that only LoRA and QLoRA read; other methods store their defaults, which mean nothing there. */
const LORA_SETTINGS = new Set(["lora_rank", "lora_alpha", "lora_dropout", "target_modules"]);
/** Settings that only prompt tuning reads. */
const PROMPT_TUNING_SETTINGS = new Set(["num_virtual_tokens"]);
/** Evaluation settings that only chat jobs read: classification scores labels and generates nothing. */
const CHAT_SETTINGS = new Set(["max_new_tokens"]);

/** Checks whether a stored hyperparameter or evaluation setting has any effect on a job of this task and method. */
export function settingApplies(key: string, job: { task: FineTuneTaskName; method: FineTuneMethodName }): boolean {
  if (LORA_SETTINGS.has(key)) return LORA_METHODS.includes(job.method);
  if (PROMPT_TUNING_SETTINGS.has(key)) return job.method === "prompt_tuning";
  if (CHAT_SETTINGS.has(key)) return job.task === "chat_sft";
  return true;
}

/** Returns the settings that apply to a job, sorted by name. */
export function applicableSettings(settings: Record<string, unknown> | null, job: { task: FineTuneTaskName; method: FineTuneMethodName }): [string, unknown][] {
  return Object.entries(settings ?? {})
    .filter(([key]) => settingApplies(key, job))
    .sort(([a], [b]) => a.localeCompare(b));
}
