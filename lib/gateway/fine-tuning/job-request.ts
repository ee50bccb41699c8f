import { randomInt } from "node:crypto";
import { hyperparametersSchema } from "@/lib/finetune/hyperparameters";
import { invalidRequest } from "../respond";

/** Luodi's default peak learning rate for LoRA, which learning_rate_multiplier scales. */
export const BASE_LEARNING_RATE = hyperparametersSchema.parse({}).learning_rate;

/** Longest `suffix`, as in OpenAI's API. */
const MAX_SUFFIX = 64;

/** OpenAI hyperparameter names mapped to Luodi's; the other Luodi names pass through unchanged. */
const RENAMED: Record<string, string> = { n_epochs: "epochs", learning_rate_multiplier: "learning_rate" };

export type JobRequest = {
  model: string;
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  /** Luodi hyperparameters, validated, with the defaults filled in. */
  hyperparameters: ReturnType<typeof hyperparametersSchema.parse>;
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function requiredString(body: Record<string, unknown>, name: string, advice: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === "") throw invalidRequest(`The request has no \`${name}\`. ${advice}`, name, "missing_required_parameter");
  if (typeof value !== "string") throw invalidRequest(`\`${name}\` must be a string, but it is ${describe(value)}.`, name, "invalid_type");
  return value;
}

/** Picks the hyperparameters from `hyperparameters` or `method.supervised.hyperparameters`, with the param path of each. */
function hyperparameterSource(body: Record<string, unknown>): { values: Record<string, unknown>; param: string } {
  const method = body.method;
  let fromMethod: unknown;
  if (method !== undefined && method !== null) {
    if (!isObject(method)) throw invalidRequest(`\`method\` must be an object such as {"type": "supervised"}, but it is ${describe(method)}.`, "method", "invalid_type");
    if (method.type !== "supervised") {
      throw invalidRequest(`\`method.type\` is ${JSON.stringify(method.type ?? null)}, but Luodi runs supervised fine-tuning only (LoRA on chat examples). Set it to "supervised".`, "method.type", "invalid_value");
    }
    const supervised = method.supervised;
    if (supervised !== undefined && supervised !== null && !isObject(supervised)) throw invalidRequest(`\`method.supervised\` must be an object, but it is ${describe(supervised)}.`, "method.supervised", "invalid_type");
    fromMethod = isObject(supervised) ? supervised.hyperparameters : undefined;
  }

  const topLevel = body.hyperparameters;
  if (topLevel !== undefined && topLevel !== null && fromMethod !== undefined && fromMethod !== null) {
    throw invalidRequest("Give the hyperparameters either in `hyperparameters` or in `method.supervised.hyperparameters`, not both.", "hyperparameters", "invalid_value");
  }
  const param = fromMethod !== undefined && fromMethod !== null ? "method.supervised.hyperparameters" : "hyperparameters";
  const values = fromMethod ?? topLevel ?? {};
  if (!isObject(values)) throw invalidRequest(`\`${param}\` must be an object, but it is ${describe(values)}.`, param, "invalid_type");
  return { values, param };
}

/**
 * Translates OpenAI hyperparameters to Luodi's: n_epochs → epochs, learning_rate_multiplier → learning
 * rate × Luodi's default, "auto" → Luodi's default. Other keys must be Luodi hyperparameter names
 * (lora_rank, max_length, ...), which pass through and are validated with the console's ranges.
 */
function translateHyperparameters(values: Record<string, unknown>, param: string, seed: number) {
  const translated: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === "auto" || value === null) continue;
    if (name === "seed" || name === "learning_rate" || name === "epochs") {
      throw invalidRequest(`\`${param}.${name}\` is not accepted here. Use the top-level \`seed\`, \`learning_rate_multiplier\` or \`n_epochs\` instead.`, `${param}.${name}`, "invalid_value");
    }
    if (name === "learning_rate_multiplier") {
      if (typeof value !== "number" || !(value > 0)) throw invalidRequest(`\`${param}.learning_rate_multiplier\` must be a number above 0 or "auto", but it is ${JSON.stringify(value)}.`, `${param}.learning_rate_multiplier`, "invalid_value");
      translated.learning_rate = value * BASE_LEARNING_RATE;
      continue;
    }
    translated[RENAMED[name] ?? name] = value;
  }
  translated.seed = seed;

  const parsed = hyperparametersSchema.safeParse(translated);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const openAiName = Object.entries(RENAMED).find(([, luodi]) => luodi === field)?.[0] ?? field;
  const paramPath = field === "" ? param : `${param}.${openAiName}`;
  const message = issue.code === "unrecognized_keys" ? `${param} has unknown keys: ${issue.keys.join(", ")}. Use n_epochs, batch_size and learning_rate_multiplier, or a Luodi hyperparameter such as lora_rank or max_length.` : `\`${paramPath}\` ${issue.message}.`;
  return invalidHyperparameter(message, paramPath);
}

function invalidHyperparameter(message: string, param: string): never {
  throw invalidRequest(message, param, "invalid_value");
}

function readSeed(value: unknown): number {
  if (value === undefined || value === null) return randomInt(0, 2 ** 31 - 1);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw invalidRequest(`\`seed\` must be a whole number from 0 to ${2 ** 31 - 1}, but it is ${JSON.stringify(value)}.`, "seed", "invalid_value");
  }
  return value;
}

function readSuffix(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || value.length > MAX_SUFFIX || !/^[A-Za-z0-9._-]+$/.test(value)) {
    throw invalidRequest(`\`suffix\` must be up to ${MAX_SUFFIX} letters, digits, dots, dashes and underscores, but it is ${JSON.stringify(value)}.`, "suffix", "invalid_value");
  }
  return value;
}

/** Reads and checks a POST /v1/fine_tuning/jobs body. */
export function readJobRequest(body: Record<string, unknown>): JobRequest {
  const model = requiredString(body, "model", "Set `model` to the name of a base model registered in Luodi under Fine-tuning.");
  const trainingFile = requiredString(body, "training_file", "Upload a JSONL file with POST /v1/files and pass its id, such as file-abc123.");
  const rawValidation = body.validation_file;
  if (rawValidation !== undefined && rawValidation !== null && typeof rawValidation !== "string") {
    throw invalidRequest(`\`validation_file\` must be a file id string, but it is ${describe(rawValidation)}.`, "validation_file", "invalid_type");
  }
  const seed = readSeed(body.seed);
  const suffix = readSuffix(body.suffix);
  const { values, param } = hyperparameterSource(body);
  const hyperparameters = translateHyperparameters(values, param, seed);
  return { model, trainingFile, validationFile: rawValidation || null, suffix, seed, hyperparameters };
}
