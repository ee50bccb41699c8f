import { z } from "zod";
import { ANSWER_PATTERN_MAX_LENGTH } from "./strategy";
import { VARIABLE_NAME_MAX_LENGTH, VARIABLE_NAME_PATTERN } from "./template";

/** Input schemas of the prompts API; field names match the API's JSON. Limits bound request and row sizes. */

export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const TEMPLATE_NAME_MAX_LENGTH = 64;
/** Names taken by console pages under /prompts, so a template with one of them could not be opened. */
export const RESERVED_TEMPLATE_NAMES = ["few-shot", "experiments", "new"] as const;

export const MESSAGES_MAX = 50;
export const MESSAGE_MAX_CHARS = 100_000;
export const VARIABLES_MAX = 100;
export const VALUE_MAX_CHARS = 100_000;
export const EXAMPLES_MAX = 200;
/** Input and output of one few-shot example together. */
export const EXAMPLE_MAX_CHARS = 8_000;
export const LABEL_PATTERN = /^[a-z0-9-]+$/;
export const LABEL_MAX_LENGTH = 40;
export const STANDARD_LABELS = ["production", "staging"] as const;

export const templateName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(TEMPLATE_NAME_MAX_LENGTH, `Use at most ${TEMPLATE_NAME_MAX_LENGTH} characters`)
  .regex(TEMPLATE_NAME_PATTERN, "Use lower-case letters, digits, - and _, starting with a letter or digit")
  .refine((name) => !(RESERVED_TEMPLATE_NAMES as readonly string[]).includes(name), `These names are reserved: ${RESERVED_TEMPLATE_NAMES.join(", ")}`);

export const createTemplateInput = z.object({
  name: templateName,
  description: z.string().max(2_000, "Use at most 2,000 characters").default(""),
});

export const updateTemplateInput = z.object({
  name: templateName.optional(),
  description: z.string().max(2_000, "Use at most 2,000 characters").optional(),
});

export const promptMessageInput = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().max(MESSAGE_MAX_CHARS, `Use at most ${MESSAGE_MAX_CHARS} characters per message`),
});

export const variableInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a variable name")
    .max(VARIABLE_NAME_MAX_LENGTH)
    .regex(VARIABLE_NAME_PATTERN, "Use letters, digits, _ and . only"),
  description: z.string().max(500).optional(),
  default: z.string().max(VALUE_MAX_CHARS).optional(),
});

const shots = z.number().int("Use a whole number").min(0).max(EXAMPLES_MAX).optional();
const answerPattern = z.string().min(1).max(ANSWER_PATTERN_MAX_LENGTH).optional();

export const strategyInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("zero_shot") }).strict(),
  z.object({ kind: z.literal("few_shot"), shots }).strict(),
  z.object({ kind: z.literal("chain_of_thought"), shots, answerPattern }).strict(),
  z
    .object({
      kind: z.literal("self_consistency"),
      shots,
      // The upper bound is LUODI_MAX_SAMPLES, checked with a translated reason when the version is saved or rendered.
      samples: z.number().int("Use a whole number").min(2, "Use at least 2 samples"),
      temperature: z.number().min(0).max(2).optional(),
      answerPattern,
    })
    .strict(),
]);

/** Sampling parameters a version stores; response_format is derived from the output schema, so it is not accepted here. */
export const paramsInput = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().min(1).max(1_000_000).optional(),
    stop: z.array(z.string().min(1).max(100)).max(4, "Use at most 4 stop sequences").optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export const exampleInput = z
  .object({
    input: z.string().min(1, "Enter the example's input"),
    output: z.string().min(1, "Enter the example's output"),
  })
  .refine((example) => example.input.length + example.output.length <= EXAMPLE_MAX_CHARS, {
    message: `An example may have at most ${EXAMPLE_MAX_CHARS} characters, input and output together`,
  });

export const examplesInput = z.array(exampleInput).max(EXAMPLES_MAX, `Use at most ${EXAMPLES_MAX} examples`);

/** A complete version: versions are immutable, so each new one is sent whole. */
export const versionSpecInput = z
  .object({
    messages: z.array(promptMessageInput).min(1, "Add at least one message").max(MESSAGES_MAX, `Use at most ${MESSAGES_MAX} messages`),
    variables: z.array(variableInput).max(VARIABLES_MAX, `Use at most ${VARIABLES_MAX} variables`).default([]),
    fewShotSetId: z.string().min(1).max(100).nullable().default(null).describe("Few-shot set whose examples are copied into the version"),
    fewShotExamples: examplesInput.optional().describe("Examples to store when no few-shot set is given"),
    strategy: strategyInput.default({ kind: "zero_shot" }),
    outputSchema: z.record(z.string(), z.unknown()).nullable().default(null).describe("JSON Schema the answer must satisfy; null for free text"),
    params: paramsInput.default({}),
    modelId: z.string().min(1).max(100).nullable().default(null).describe("Default provider model for the playground and experiments"),
    message: z.string().max(500, "Use at most 500 characters").default("").describe("What changed in this version"),
  })
  .strict()
  .refine((spec) => !(spec.fewShotSetId && spec.fewShotExamples && spec.fewShotExamples.length > 0), {
    message: "Send either fewShotSetId or fewShotExamples, not both",
    path: ["fewShotExamples"],
  });

export type VersionSpecInput = z.output<typeof versionSpecInput>;

export const labelName = z
  .string()
  .trim()
  .min(1)
  .max(LABEL_MAX_LENGTH, `Use at most ${LABEL_MAX_LENGTH} characters`)
  .regex(LABEL_PATTERN, "Use lower-case letters, digits and - only");

export const variableValuesInput = z
  .record(z.string().max(VARIABLE_NAME_MAX_LENGTH), z.string().max(VALUE_MAX_CHARS))
  .refine((values) => Object.keys(values).length <= VARIABLES_MAX, `Send at most ${VARIABLES_MAX} values`);

const fewShotSetName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(120, "Use at most 120 characters")
  .regex(/^[^/\\<>]+$/, "Names cannot contain / \\ < or >");

export const createFewShotSetInput = z.object({
  name: fewShotSetName,
  description: z.string().max(2_000).default(""),
  examples: examplesInput.default([]),
});

export const updateFewShotSetInput = z.object({
  name: fewShotSetName.optional(),
  description: z.string().max(2_000).optional(),
  examples: examplesInput.optional(),
});
