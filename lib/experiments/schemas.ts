import { z } from "zod";

/**
 * Input schemas of prompt experiments, shared by the management API, the domain functions and the
 * runner, which re-reads the stored config through `experimentConfigSchema`.
 */

/** Most variants (prompt version × strategy × model) one experiment may compare. */
export const MAX_VARIANTS = 16;
/** Most dataset rows one experiment may run over. */
export const MAX_ROW_LIMIT = 5_000;
export const MAX_CONCURRENCY = 16;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_ROW_LIMIT = 50;

export const EXPERIMENT_SPLITS = ["test", "validation", "all"] as const;
export type ExperimentSplit = (typeof EXPERIMENT_SPLITS)[number];

export const SCORING_METHODS = ["exact", "normalised", "json_field", "regex"] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const EXPERIMENT_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

const answerPattern = z
  .string()
  .min(1)
  .max(500, "Use at most 500 characters")
  .refine((pattern) => isCompilableRegex(pattern, "giu"), "Enter a valid regular expression");

/** A strategy override; its shape follows the Strategy type of lib/prompts/types.ts. */
export const strategySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("zero_shot") }),
  z.object({ kind: z.literal("few_shot"), shots: z.number().int().min(0).max(100).optional() }),
  z.object({ kind: z.literal("chain_of_thought"), shots: z.number().int().min(0).max(100).optional(), answerPattern: answerPattern.optional() }),
  z.object({
    kind: z.literal("self_consistency"),
    shots: z.number().int().min(0).max(100).optional(),
    // The upper bound here only keeps the body small; LUODI_MAX_SAMPLES is checked when the experiment is created.
    samples: z.number().int().min(2, "Use at least 2 samples").max(1_000),
    temperature: z.number().min(0).max(2).optional(),
    answerPattern: answerPattern.optional(),
  }),
]);

export const scoringSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("exact") }),
  z.object({ method: z.literal("normalised") }),
  z.object({
    method: z.literal("json_field"),
    /** Dotted path into the parsed JSON answer, such as `intent` or `result.labels.0`. */
    path: z
      .string()
      .trim()
      .min(1, "Enter a field path")
      .max(200)
      .regex(/^[^.\s]+(\.[^.\s]+)*$/, "Write the path as names separated by dots, such as result.intent"),
    /** Compare the field's value normalised (NFKC, case, punctuation) instead of exactly. */
    normalise: z.boolean().default(true),
  }),
  z.object({
    method: z.literal("regex"),
    /** Applied to the model's output; its first capture group is compared with the expected value. */
    pattern: z
      .string()
      .min(1, "Enter a pattern")
      .max(500, "Use at most 500 characters")
      .refine((pattern) => isCompilableRegex(pattern, "u"), "Enter a valid regular expression")
      .refine(hasCaptureGroup, "The pattern needs one capture group, such as Answer: (.+)"),
    normalise: z.boolean().default(true),
  }),
]);
export type Scoring = z.output<typeof scoringSchema>;

export const variantInput = z.object({
  promptVersionId: z.string().min(1).max(100),
  /** Replaces the prompt version's own strategy for this variant; unset keeps it. */
  strategy: strategySchema.optional(),
  modelId: z.string().min(1).max(100),
  /** Name shown in the result table; defaults to "<template> v<n> · <strategy> · <model>". */
  label: z.string().trim().max(120).optional(),
});
export type VariantInput = z.output<typeof variantInput>;

/** Template variable name → row field (see lib/experiments/row-fields.ts), such as { "utterance": "text" }. */
export const inputMappingSchema = z.record(z.string().min(1).max(100), z.string().min(1).max(100));

/** Settings stored in Experiment.config; the runner reads them back with this schema. */
export const experimentConfigSchema = z.object({
  split: z.enum(EXPERIMENT_SPLITS),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT),
  mapping: inputMappingSchema,
  /** Row field holding the expected answer: `label` for classification rows, else a field of the row type. */
  expectedField: z.string().min(1).max(100),
  scoring: scoringSchema,
  concurrency: z.number().int().min(1).max(MAX_CONCURRENCY),
});
export type ExperimentConfig = z.output<typeof experimentConfigSchema>;

export const createExperimentInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters"),
  datasetVersionId: z.string().min(1).max(100),
  split: z.enum(EXPERIMENT_SPLITS).default("all"),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT).default(DEFAULT_ROW_LIMIT),
  mapping: inputMappingSchema.default({}),
  /** Unset: `label` for classification datasets; other types must name the field. */
  expectedField: z.string().min(1).max(100).optional(),
  variants: z.array(variantInput).min(1, "Add at least one variant").max(MAX_VARIANTS, `Use at most ${MAX_VARIANTS} variants`),
  scoring: scoringSchema.default({ method: "normalised" }),
  concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).default(DEFAULT_CONCURRENCY),
});
export type CreateExperimentInput = z.output<typeof createExperimentInput>;

export const RESULT_FILTERS = ["all", "failed", "wrong", "correct"] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];

function isCompilableRegex(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** True when the pattern has at least one capturing group; a regex with n groups matches the empty string with n + 1 entries. */
function hasCaptureGroup(pattern: string): boolean {
  try {
    const groups = new RegExp(`${pattern}|`, "u").exec("");
    return (groups?.length ?? 1) > 1;
  } catch {
    return false;
  }
}
