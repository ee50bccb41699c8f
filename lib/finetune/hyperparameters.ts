import { z } from "zod";

/*
 * The trainer's hyperparameters with the ranges and defaults of trainer/luodi_trainer/spec.py, so the API
 * rejects an out-of-range value with a field error before anything is queued. The trainer checks them
 * again when it reads the spec. Keep both files in step when a range changes.
 */

export const TASKS = ["chat_sft", "seq_classification"] as const;
export type FineTuneTaskName = (typeof TASKS)[number];

export const METHODS = ["lora", "qlora", "full", "prompt_tuning"] as const;
export type FineTuneMethodName = (typeof METHODS)[number];

/** Methods that train a LoRA adapter, whose target modules depend on the architecture. */
export const LORA_METHODS: readonly FineTuneMethodName[] = ["lora", "qlora"];
/** Methods that need a CUDA GPU: QLoRA's 4-bit quantization (bitsandbytes) runs only on CUDA. */
export const GPU_ONLY_METHODS: readonly FineTuneMethodName[] = ["qlora"];

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const whole = (min: number, max: number) => z.number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

export const hyperparametersSchema = z
  .object({
    lora_rank: whole(1, 1024).default(8).describe("LoRA rank r (lora, qlora)"),
    lora_alpha: z.number().gt(0, "must be greater than 0").max(4096, "must be at most 4096").default(16).describe("LoRA scaling alpha (lora, qlora)"),
    lora_dropout: z.number().min(0, "must be at least 0").lt(1, "must be less than 1").default(0.05).describe("Dropout on the LoRA input (lora, qlora)"),
    target_modules: z
      .array(z.string().regex(MODULE_NAME, "must be a module name such as q_proj or query"))
      .min(1, "must name at least one module")
      .max(64, "must name at most 64 modules")
      .refine((names) => new Set(names).size === names.length, "must list each module once")
      .nullable()
      .default(null)
      .describe("Modules LoRA adapts; null uses the architecture's default"),
    learning_rate: z.number().gt(0, "must be greater than 0").max(1, "must be at most 1").default(2e-4).describe("Peak learning rate"),
    scheduler: z.enum(["linear", "cosine", "constant", "constant_with_warmup"]).default("linear").describe("Learning-rate schedule"),
    warmup_ratio: z.number().min(0, "must be at least 0").lt(1, "must be less than 1").default(0).describe("Fraction of the steps spent warming the learning rate up from 0"),
    weight_decay: z.number().min(0, "must be at least 0").max(1, "must be at most 1").default(0),
    epochs: z.number().gt(0, "must be greater than 0").max(1000, "must be at most 1000").default(3).describe("Passes over the train split; ignored when max_steps is set"),
    max_steps: whole(1, 10_000_000).nullable().default(null).describe("Optimizer steps to train; overrides epochs"),
    batch_size: whole(1, 4096).default(8).describe("Examples per device batch"),
    gradient_accumulation_steps: whole(1, 4096).default(1),
    max_length: whole(8, 1_048_576).default(512).describe("Tokens per example; longer examples are truncated"),
    seed: whole(0, 2 ** 32 - 1).default(42),
    precision: z.enum(["auto", "fp32", "bf16", "fp16"]).default("auto").describe("auto: bf16 or fp16 on a CUDA GPU, fp32 on the CPU"),
    eval_steps: whole(1, 10_000_000).default(50).describe("Optimizer steps between evaluations on the validation split"),
    save_steps: whole(1, 10_000_000).default(50).describe("Optimizer steps between checkpoints"),
    logging_steps: whole(1, 10_000_000).default(1),
    save_total_limit: whole(1, 1000).default(3).describe("Checkpoints kept; older ones are deleted"),
    num_virtual_tokens: whole(1, 1024).default(20).describe("Soft-prompt length (prompt_tuning)"),
  })
  .strict();

export type Hyperparameters = z.output<typeof hyperparametersSchema>;

/** Limits of the before/after evaluation on the test split (trainer EvaluationSettings). */
export const evaluationSettingsSchema = z
  .object({
    max_rows: whole(1, 1_000_000).default(200).describe("Test rows scored before and after training"),
    max_new_tokens: whole(1, 4096).default(64).describe("Tokens generated per chat test row"),
    batch_size: whole(1, 4096).default(16),
  })
  .strict();

export type EvaluationSettings = z.output<typeof evaluationSettingsSchema>;
