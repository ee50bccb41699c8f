import path from "node:path";
import { z } from "zod";
import { evaluationSettingsSchema, hyperparametersSchema, METHODS, TASKS } from "./hyperparameters";
import { hubRepoId, hubRevision } from "./hub-ids";

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

const localModelInput = z.object({
  name: displayName.describe("Name shown in the console; unique in the workspace"),
  source: z.literal("local").default("local").describe("local: a folder on the worker's file system"),
  localPath: absoluteFolder.describe("Absolute path of a model folder in Hugging Face format (config.json, tokenizer, weights) on the worker's file system"),
});

const hubModelInput = z.object({
  name: displayName.describe("Name shown in the console; unique in the workspace"),
  source: z.enum(["huggingface", "modelscope"]).describe("Hub the repository is downloaded from (HF_ENDPOINT or MODELSCOPE_ENDPOINT)"),
  repoId: hubRepoId.describe("Repository id as owner/name, such as Qwen/Qwen2.5-0.5B-Instruct"),
  revision: hubRevision.optional().describe("Branch, tag or commit; default main on Hugging Face and master on ModelScope"),
});

// A body without `source` registers a local folder. Both shapes reject unknown fields.
export const registerBaseModelInput = z.discriminatedUnion("source", [hubModelInput.strict(), localModelInput.strict()]);

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
