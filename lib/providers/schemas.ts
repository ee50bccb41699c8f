import { z } from "zod";
import { validateAllowRule } from "@/lib/net/address-policy";
import { CAPABILITIES, CURRENCIES } from "@/lib/llm/types";
import { MAX_API_KEY_LENGTH, MAX_IMPORT_MODELS } from "./limits";
import { PROVIDER_KINDS } from "./presets";

/** Input schemas of the providers area, shared by the management API and the domain functions. */

export { MAX_API_KEY_LENGTH, MAX_IMPORT_MODELS };

const name = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(80, "Use at most 80 characters")
  .regex(/^[^\p{Cc}<>]+$/u, "Names cannot contain control characters, < or >");

/** Checks that a base URL is an absolute http(s) URL without credentials, query or fragment; returns an English reason when not. */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URL such as http://127.0.0.1:8000/v1";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Use an http:// or https:// URL";
  if (url.username || url.password) return "Remove the user name and password from the URL; put the key in the API key field";
  if (url.search || url.hash) return "Remove the query string and fragment from the URL";
  return null;
}

export const baseUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the base URL")
  .max(2_000, "Use at most 2,000 characters")
  .superRefine((value, context) => {
    const problem = baseUrlProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  // Request paths are appended as `${baseUrl}/models`, so a trailing slash would double up.
  .transform((value) => value.replace(/\/+$/, ""));

const apiKey = z
  .string()
  .trim()
  .min(1, "Enter the API key, or leave the field out")
  .max(MAX_API_KEY_LENGTH, `Use at most ${MAX_API_KEY_LENGTH} characters`)
  .regex(/^\S+$/, "API keys contain no spaces or line breaks");

const rpmLimit = z.number().int("Use a whole number").min(1, "Use at least 1").max(1_000_000).nullable();
const timeoutMs = z.number().int("Use a whole number of milliseconds").min(1_000, "Use at least 1,000 ms").max(600_000, "Use at most 600,000 ms");

export const createProviderInput = z.object({
  name,
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: baseUrlSchema.optional().describe("Required unless the preset has a default base URL; ignored for kind local"),
  apiKey: apiKey.optional().describe("Stored encrypted and never returned"),
  rpmLimit: rpmLimit.default(null).describe("Requests per minute Luodi sends from experiments and the playground; null: no limit"),
  timeoutMs: timeoutMs.default(60_000).describe("Milliseconds before a call to this provider times out"),
  enabled: z.boolean().default(true),
});

export const updateProviderInput = z.object({
  name: name.optional(),
  baseUrl: baseUrlSchema.optional(),
  apiKey: apiKey.optional().describe("Replaces the stored key; leave it out to keep the current one"),
  clearApiKey: z.boolean().optional().describe("True removes the stored key"),
  rpmLimit: rpmLimit.optional(),
  timeoutMs: timeoutMs.optional(),
  enabled: z.boolean().optional(),
});

export const importModelsInput = z.object({
  models: z
    .array(z.string().trim().min(1, "Model ids are not empty").max(200, "Use at most 200 characters per model id"))
    .min(1, "Choose at least one model")
    .max(MAX_IMPORT_MODELS, `Import at most ${MAX_IMPORT_MODELS} models at once`)
    .describe("Model ids as the provider names them"),
});

const price = z.number().min(0, "Prices cannot be negative").max(1_000_000, "Use at most 1,000,000 per million tokens").nullable();

export const updateModelInput = z.object({
  displayName: z.string().trim().max(200, "Use at most 200 characters").optional(),
  capabilities: z
    .array(z.enum(CAPABILITIES))
    .min(1, "Choose at least one capability")
    .transform((values) => [...new Set(values)])
    .optional(),
  inputPrice: price.optional().describe("Per million input tokens; null when unknown"),
  outputPrice: price.optional().describe("Per million output tokens; null when unknown"),
  currency: z.enum(CURRENCIES).optional(),
  contextLength: z.number().int().min(1).max(100_000_000).nullable().optional(),
  enabled: z.boolean().optional(),
});

const allowPattern = z
  .string()
  .trim()
  .min(1, "Enter a host name, IP address or CIDR range")
  .max(255, "Use at most 255 characters")
  .transform((value) => value.toLowerCase())
  .superRefine((value, context) => {
    const problem = validateAllowRule(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export const createAllowRuleInput = z.object({
  pattern: allowPattern.describe("A host name (exact or *.suffix), an IP address or a CIDR range"),
  note: z.string().trim().max(500, "Use at most 500 characters").default(""),
});

export const updateAllowRuleInput = z.object({
  note: z.string().trim().max(500, "Use at most 500 characters"),
});
