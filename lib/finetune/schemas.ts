import path from "node:path";
import { z } from "zod";
import { evaluationSettingsSchema, hyperparametersSchema, METHODS, TASKS } from "./hyperparameters";

const absoluteFolder = z
  .string()
  .trim()
  .min(1, "Enter the model folder")
  .max(1_000, "Use at most 1,000 characters")
  .regex(/^[^\p{Cc}]+$/u, "Folder paths cannot contain control characters")
  .refine((value) => path.isAbsolute(value), "Enter an absolute path, such as /srv/models/qwen2-0.5b")
  // A trailing slash would make the same folder look like a different registration.
  .transform((value) => path.normalize(value).replace(/(.)\/+$/, "$1"));

const displayName = z.string().trim().min(1, "Enter a name").max(200, "Use at most 200 characters");

export const registerBaseModelInput = z.object({
  name: displayName.describe("Name shown in the console; unique in the workspace"),
  // NOTE: only local folders are registered for now; huggingface and modelscope ids need a download step.
  source: z.literal("local").default("local").describe("Where the weights come from; only local is supported so far"),
  localPath: absoluteFolder.describe("Absolute path of a model folder in Hugging Face format (config.json, tokenizer, weights) on the worker's file system"),
});

export type RegisterBaseModelInput = z.output<typeof registerBaseModelInput>;

export const planJobInput = z.object({
  baseModelId: z.string().min(1).max(100).describe("Registered base model"),
  datasetVersionId: z.string().min(1).max(100).describe("Ready dataset version with train and validation splits"),
  task: z.enum(TASKS).describe("chat_sft: causal-LM chat fine-tuning on a chat dataset; seq_classification: a classification dataset"),
  method: z.enum(METHODS).describe("lora, qlora (CUDA GPU only), full fine-tuning or prompt_tuning (soft prompts)"),
  hyperparameters: hyperparametersSchema.default(hyperparametersSchema.parse({})),
  evaluation: evaluationSettingsSchema.default(evaluationSettingsSchema.parse({})),
  mergeWeights: z.boolean().default(false).describe("Also save the base weights with the LoRA adapter merged in (lora and qlora)"),
});

export type PlanJobInput = z.output<typeof planJobInput>;

export const launchJobInput = planJobInput.extend({
  name: displayName.describe("Name of the job"),
});

export type LaunchJobInput = z.output<typeof launchJobInput>;
