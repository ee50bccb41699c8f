import { z } from "zod";

/*
 * The JSON lines `python -m luodi_trainer` writes on stdout, as trainer/luodi_trainer/events.py defines
 * them. Objects are parsed loosely (extra fields pass), so a trainer that adds a field does not break the
 * worker. A line that matches no event is kept as a log line.
 */

const number = z.number().nullable();

export const readyEvent = z.object({ event: z.literal("ready"), python: z.string(), packages: z.record(z.string(), z.string().nullable()), cuda: z.boolean() });

export const modelInfoEvent = z.object({
  event: z.literal("model_info"),
  path: z.string(),
  architecture: z.string().nullable(),
  model_type: z.string().nullable(),
  parameter_count: z.number(),
  context_length: z.number().nullable(),
  chat_template: z.boolean(),
  dtype: z.string().nullable().optional(),
  default_target_modules: z.array(z.string()).nullable(),
  candidate_target_modules: z.array(z.string()).default([]),
});

export const planEvent = z.object({
  event: z.literal("plan"),
  device: z.enum(["cuda", "cpu"]),
  precision: z.string(),
  gpu_required: z.boolean(),
  trainable_parameters: z.number(),
  total_parameters: z.number(),
  trainable_ratio: z.number(),
  target_modules: z.array(z.string()).nullable(),
  memory: z.object({ weights_mb: z.number(), gradients_mb: z.number(), optimizer_mb: z.number(), activations_mb: z.number(), total_mb: z.number() }),
  rows: z.record(z.string(), z.number()),
});

export const stageEvent = z.object({ event: z.literal("stage"), stage: z.enum(["data", "train", "evaluate", "save"]) });

export const startEvent = z.object({
  event: z.literal("start"),
  device: z.enum(["cuda", "cpu"]),
  precision: z.string(),
  trainable_parameters: z.number(),
  total_parameters: z.number(),
  trainable_ratio: z.number(),
  total_steps: z.number(),
  resumed_from_step: z.number().nullable(),
  resumed_from_checkpoint: z.string().nullable(),
});

export const stepEvent = z.object({
  event: z.literal("step"),
  step: z.number(),
  total_steps: z.number(),
  epoch: z.number(),
  loss: number,
  learning_rate: z.number(),
  tokens_per_second: z.number(),
  memory_mb: z.number(),
  eta_seconds: z.number(),
});

export const evalEvent = z.object({ event: z.literal("eval"), step: z.number(), eval_loss: number, metrics: z.record(z.string(), number) });

export const checkpointEvent = z.object({ event: z.literal("checkpoint"), path: z.string(), step: z.number() });

export const logEvent = z.object({ event: z.literal("log"), level: z.enum(["info", "warning", "error"]), lines: z.array(z.string()) });

export const artifactEvent = z.object({
  event: z.literal("artifact"),
  kind: z.enum(["adapter", "merged", "checkpoint", "trainer_state"]),
  path: z.string(),
  size_bytes: z.number(),
  sha256: z.string(),
  files: z.array(z.object({ path: z.string(), size_bytes: z.number(), sha256: z.string() })),
});

export const evaluationEvent = z.object({
  event: z.literal("evaluation"),
  task: z.string(),
  split: z.string(),
  rows: z.number(),
  base: z.record(z.string(), number),
  tuned: z.record(z.string(), number),
});

export const doneEvent = z.object({ event: z.literal("done"), step: z.number(), output_dir: z.string(), runtime_seconds: z.number() });

/** Failure codes of trainer/luodi_trainer/errors.py. */
export const TRAINER_ERROR_CODES = ["out_of_memory", "bad_row", "missing_model_files", "invalid_spec", "cancelled", "internal"] as const;

export const errorEvent = z.object({
  event: z.literal("error"),
  code: z.enum(TRAINER_ERROR_CODES),
  message: z.string(),
  field: z.string().nullable().optional(),
  file: z.string().nullable().optional(),
  line: z.number().nullable().optional(),
  last_good_checkpoint: z.string().nullable().optional(),
});

export const trainerEvent = z.discriminatedUnion("event", [
  readyEvent,
  modelInfoEvent,
  planEvent,
  stageEvent,
  startEvent,
  stepEvent,
  evalEvent,
  checkpointEvent,
  logEvent,
  artifactEvent,
  evaluationEvent,
  doneEvent,
  errorEvent,
]);

export type TrainerEvent = z.infer<typeof trainerEvent>;
export type ModelInfoEvent = z.infer<typeof modelInfoEvent>;
export type PlanEvent = z.infer<typeof planEvent>;
export type ErrorEvent = z.infer<typeof errorEvent>;
export type ArtifactEvent = z.infer<typeof artifactEvent>;

/**
 * Parses one stdout line and returns null for an empty line. A line that is not a known event becomes a
 * warning log event carrying the line, because libraries sometimes print to stdout despite the trainer.
 */
export function parseTrainerLine(line: string): TrainerEvent | null {
  const text = line.trim();
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { event: "log", level: "warning", lines: [text.slice(0, 2000)] };
  }
  const parsed = trainerEvent.safeParse(value);
  if (parsed.success) return parsed.data;
  return { event: "log", level: "warning", lines: [`unrecognised trainer output: ${text.slice(0, 2000)}`] };
}
