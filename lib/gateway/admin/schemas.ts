import { z } from "zod";
import { CURRENCIES } from "@/lib/llm/types";

/** Input schemas of API keys and deployments, shared by the management API and the domain functions. */

/** Deployment names: what clients put in `model`. The `prompt:` prefix is kept for prompt addresses. */
export const DEPLOYMENT_NAME_PATTERN = /^[A-Za-z0-9._:/-]+$/;
export const DEPLOYMENT_NAME_MAX_LENGTH = 128;
export const PROMPT_PREFIX = "prompt:";
/** allowedModels entry that allows every deployment and prompt. */
export const ALL_MODELS = "*";

/** Upstream statuses a deployment may fall back on; other statuses are the client's own fault or final. */
export const FALLBACK_STATUSES = [408, 409, 429, 500, 502, 503, 504] as const;
/** Grace periods an admin picks when rotating a key: the old key stops now, after 1 hour or after 24 hours. */
export const ROTATION_GRACE_SECONDS = [0, 3_600, 86_400] as const;

export const MAX_TARGETS = 16;
export const MAX_FALLBACKS = 8;
export const MAX_ALLOWED_MODELS = 200;
export const MAX_RETRIES = 5;
/** Maximum cache TTL in seconds (30 days): a chosen bound, so a typo cannot keep stale responses for years. */
export const MAX_CACHE_TTL_SECONDS = 2_592_000;

const name = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(80, "Use at most 80 characters")
  .regex(/^[^\p{Cc}<>]+$/u, "Names cannot contain control characters, < or >");

const modelId = z.string().trim().min(1, "Choose a model").max(100, "Model ids have at most 100 characters");

// ----- API keys -----

const allowedModelEntry = z
  .string()
  .trim()
  .min(1, "Entries are not empty")
  .max(DEPLOYMENT_NAME_MAX_LENGTH + PROMPT_PREFIX.length, `Use at most ${DEPLOYMENT_NAME_MAX_LENGTH + PROMPT_PREFIX.length} characters per entry`);

const allowedModels = z
  .array(allowedModelEntry)
  .min(1, "Allow at least one deployment or prompt, or * for all")
  .max(MAX_ALLOWED_MODELS, `List at most ${MAX_ALLOWED_MODELS} entries`)
  // "*" already allows everything, so the stored list is just ["*"] when it appears.
  .transform((values) => (values.includes(ALL_MODELS) ? [ALL_MODELS] : [...new Set(values)]));

const rpmLimit = z.number().int("Use a whole number").min(1, "Use at least 1 request per minute").max(1_000_000, "Use at most 1,000,000").nullable();
const tpmLimit = z.number().int("Use a whole number").min(1, "Use at least 1 token per minute").max(1_000_000_000, "Use at most 1,000,000,000").nullable();
const monthlyBudget = z.number().positive("Use a budget above 0, or null for no budget").max(1_000_000_000, "Use at most 1,000,000,000").nullable();
const expiresAt = z.coerce.date({ error: "Use an ISO 8601 date and time" }).nullable();

export const createApiKeyInput = z.object({
  name,
  allowedModels: allowedModels.default([ALL_MODELS]).describe("Deployment names and prompt:<name> entries the key may call; [\"*\"] allows all"),
  rpmLimit: rpmLimit.default(null).describe("Requests per minute; null: no limit"),
  tpmLimit: tpmLimit.default(null).describe("Input plus output tokens per minute; null: no limit"),
  monthlyBudget: monthlyBudget.default(null).describe("Spending limit per calendar month (UTC) in budgetCurrency; null: no budget"),
  budgetCurrency: z.enum(CURRENCIES).default("CNY"),
  expiresAt: expiresAt.default(null).describe("When the key stops working; null: never"),
  cacheEnabled: z.boolean().default(true).describe("False: this key's requests never read or write the response cache"),
  storeContent: z.boolean().default(false).describe("True: the request log keeps messages and answers, PII-masked"),
  fineTuningEnabled: z.boolean().default(false).describe("True: the key may upload files and run fine-tuning jobs through /v1/files and /v1/fine_tuning"),
});

export const updateApiKeyInput = z.object({
  name: name.optional(),
  allowedModels: allowedModels.optional(),
  rpmLimit: rpmLimit.optional(),
  tpmLimit: tpmLimit.optional(),
  monthlyBudget: monthlyBudget.optional(),
  budgetCurrency: z.enum(CURRENCIES).optional(),
  expiresAt: expiresAt.optional(),
  cacheEnabled: z.boolean().optional(),
  storeContent: z.boolean().optional(),
  fineTuningEnabled: z.boolean().optional(),
});

export const rotateApiKeyInput = z.object({
  graceSeconds: z
    .literal(ROTATION_GRACE_SECONDS, { error: `Use one of ${ROTATION_GRACE_SECONDS.join(", ")} seconds` })
    .default(0)
    .describe("Seconds the old key keeps working: 0 (revoke now), 3600 (1 hour) or 86400 (24 hours)"),
});

// ----- Deployments -----

export const deploymentName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(DEPLOYMENT_NAME_MAX_LENGTH, `Use at most ${DEPLOYMENT_NAME_MAX_LENGTH} characters`)
  .regex(DEPLOYMENT_NAME_PATTERN, "Use letters, digits and . _ - : / only")
  .refine((value) => !value.toLowerCase().startsWith(PROMPT_PREFIX), "Names starting with prompt: address prompt templates; choose another name");

const target = z.object({
  modelId,
  weight: z.number().positive("Use a weight above 0").max(10_000, "Use at most 10,000"),
});

const targets = z
  .array(target)
  .min(1, "Add at least one target model")
  .max(MAX_TARGETS, `Use at most ${MAX_TARGETS} targets`)
  .refine((values) => new Set(values.map((entry) => entry.modelId)).size === values.length, "Each model appears once among the targets; merge their weights");

const fallbacks = z
  .array(modelId)
  .max(MAX_FALLBACKS, `Use at most ${MAX_FALLBACKS} fallbacks`)
  .refine((values) => new Set(values).size === values.length, "Each fallback model appears once");

export const canaryInput = z.object({
  modelId,
  percent: z.number().int("Use a whole percent").min(0, "Use 0 to 100").max(100, "Use 0 to 100").describe("Share of requests sent to the canary model"),
  maxErrorRate: z.number().min(0, "Use 0 to 1").max(1, "Use 0 to 1").default(0.2).describe("Error rate (0 to 1) above which the gateway rolls the canary back"),
  maxP95Ms: z.number().int("Use whole milliseconds").min(1, "Use at least 1 ms").max(600_000, "Use at most 600,000 ms").nullable().default(null).describe("p95 latency in ms above which the gateway rolls the canary back; null: latency is not checked"),
  minRequests: z.number().int("Use a whole number").min(1, "Use at least 1").max(100_000, "Use at most 100,000").default(20).describe("Canary requests needed before the thresholds are checked"),
});

const fallbackOn = z
  .array(z.literal(FALLBACK_STATUSES, { error: `Use statuses from ${FALLBACK_STATUSES.join(", ")}` }))
  .transform((values) => [...new Set(values)].sort((a, b) => a - b));

const deploymentSettings = {
  description: z.string().trim().max(2_000, "Use at most 2,000 characters"),
  retries: z.number().int("Use a whole number").min(0, "Use 0 to 5").max(MAX_RETRIES, "Use 0 to 5").describe("Extra attempts on the same model after a retryable failure"),
  retryBackoffMs: z.number().int("Use whole milliseconds").min(0, "Use 0 or more").max(60_000, "Use at most 60,000 ms").describe("Wait before the first retry; later retries double it"),
  fallbackOn: fallbackOn.describe(`Upstream statuses that move on to the next fallback, from ${FALLBACK_STATUSES.join(", ")}`),
  timeoutMs: z.number().int("Use whole milliseconds").min(1_000, "Use at least 1,000 ms").max(600_000, "Use at most 600,000 ms").describe("Time limit per upstream attempt"),
  cacheTtlSeconds: z.number().int("Use whole seconds").min(0, "Use 0 or more").max(MAX_CACHE_TTL_SECONDS, `Use at most ${MAX_CACHE_TTL_SECONDS} seconds`).describe("Seconds a cached answer lives; 0 turns the cache off"),
  enabled: z.boolean(),
};

export const createDeploymentInput = z.object({
  name: deploymentName.describe("What clients put in `model`"),
  description: deploymentSettings.description.default(""),
  targets: targets.describe("Provider models with relative weights; requests are split by weight"),
  fallbacks: fallbacks.default([]).describe("Provider model ids tried in order after the targets failed with a status in fallbackOn"),
  canary: canaryInput.nullable().default(null).describe("Canary settings; traffic reaches the canary only after it is started"),
  retries: deploymentSettings.retries.default(2),
  retryBackoffMs: deploymentSettings.retryBackoffMs.default(200),
  fallbackOn: deploymentSettings.fallbackOn.default([429, 500, 502, 503, 504]),
  timeoutMs: deploymentSettings.timeoutMs.default(60_000),
  cacheTtlSeconds: deploymentSettings.cacheTtlSeconds.default(0),
  enabled: deploymentSettings.enabled.default(true),
});

export const updateDeploymentInput = z.object({
  name: deploymentName.optional(),
  description: deploymentSettings.description.optional(),
  targets: targets.optional(),
  fallbacks: fallbacks.optional(),
  canary: canaryInput.nullable().optional().describe("New canary settings; null removes the canary"),
  retries: deploymentSettings.retries.optional(),
  retryBackoffMs: deploymentSettings.retryBackoffMs.optional(),
  fallbackOn: deploymentSettings.fallbackOn.optional(),
  timeoutMs: deploymentSettings.timeoutMs.optional(),
  cacheTtlSeconds: deploymentSettings.cacheTtlSeconds.optional(),
  enabled: deploymentSettings.enabled.optional(),
});

export const CANARY_ACTIONS = ["start", "promote", "rollback", "resume"] as const;
export type CanaryAction = (typeof CANARY_ACTIONS)[number];

export const canaryActionInput = z.object({
  action: z.enum(CANARY_ACTIONS).describe("start: send the canary share; promote: make the canary the only target; rollback: stop the canary; resume: restart it after a rollback"),
  note: z.string().trim().max(500, "Use at most 500 characters").optional().describe("Why the canary was rolled back; kept with the rollback"),
});

export type CreateApiKeyInput = z.output<typeof createApiKeyInput>;
export type UpdateApiKeyInput = z.output<typeof updateApiKeyInput>;
export type CreateDeploymentInput = z.output<typeof createDeploymentInput>;
export type UpdateDeploymentInput = z.output<typeof updateDeploymentInput>;
export type CanaryInput = z.output<typeof canaryInput>;
