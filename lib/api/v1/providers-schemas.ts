import { z } from "zod";
import { CAPABILITIES, CURRENCIES } from "@/lib/llm/types";
import { PROVIDER_KINDS } from "@/lib/providers/presets";
import { CONNECTION_REASONS } from "@/lib/providers/remote-models";

/*
 * Wire shapes of the providers API. No shape has a field for an API key or its ciphertext: keys go in,
 * never out. Each schema with an `id` becomes a component of the OpenAPI document.
 */

const dateTime = z.iso.datetime();
const price = z.number().nullable();

export const lastCheckResource = z
  .object({
    at: dateTime,
    ok: z.boolean(),
    reason: z.enum(CONNECTION_REASONS),
    message: z.string().describe("English detail of the outcome"),
  })
  .meta({ id: "ProviderLastCheck", description: "Outcome of the provider's most recent connection test" });

export const providerResource = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string().describe(`Preset the provider was created from: ${PROVIDER_KINDS.join(", ")}`),
    baseUrl: z.string(),
    hasApiKey: z.boolean(),
    apiKeyHint: z.string().nullable().describe("Last characters of the key, for admins only; the key itself is never returned"),
    rpmLimit: z.number().int().nullable(),
    timeoutMs: z.number().int(),
    enabled: z.boolean(),
    lastCheck: lastCheckResource.nullable(),
    modelCount: z.number().int().nullable().describe("Set in lists"),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "Provider", description: "An OpenAI-compatible model provider" });

export const providerModelResource = z
  .object({
    id: z.string(),
    providerId: z.string(),
    name: z.string().describe("Id sent upstream as `model`"),
    displayName: z.string(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    inputPrice: price.describe("Per million input tokens in `currency`; null when unknown"),
    outputPrice: price.describe("Per million output tokens in `currency`; null when unknown"),
    currency: z.enum(CURRENCIES),
    contextLength: z.number().int().nullable(),
    local: z.boolean().describe("Served by Luodi's local runtime"),
    enabled: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "ProviderModel", description: "A model of a provider, with capabilities and prices" });

export const usableModelResource = z
  .object({
    id: z.string(),
    name: z.string(),
    displayName: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    prices: z.object({ input: price, output: price, currency: z.enum(CURRENCIES) }),
  })
  .meta({ id: "UsableModel", description: "An enabled model of an enabled provider, for model pickers" });

export const connectionTestResource = z
  .object({
    ok: z.boolean(),
    reason: z.enum(CONNECTION_REASONS),
    httpStatus: z.number().int().nullable(),
    latencyMs: z.number().int(),
    modelCount: z.number().int().nullable(),
    message: z.string().describe("English detail; the console translates `reason` with `params`"),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    checkedAt: dateTime,
  })
  .meta({ id: "ProviderConnectionTest", description: "Outcome of GET {baseUrl}/models with the provider's key" });

export const remoteModelResource = z
  .object({
    id: z.string(),
    ownedBy: z.string().nullable(),
    imported: z.boolean(),
    capabilities: z.array(z.enum(CAPABILITIES)).describe("What an import would record: the preset's entry, or a guess from the id"),
    inputPrice: price,
    outputPrice: price,
    currency: z.enum(CURRENCIES),
  })
  .meta({ id: "RemoteModel", description: "A model listed by the provider's /models endpoint" });

export const importResultResource = z
  .object({
    imported: z.array(providerModelResource),
    skipped: z.array(z.string()).describe("Ids that were already imported"),
  })
  .meta({ id: "ModelImportResult", description: "Models added by an import" });

export const allowRuleResource = z
  .object({
    id: z.string(),
    pattern: z.string().describe("A host name (exact or *.suffix), an IP address or a CIDR range"),
    note: z.string(),
    createdById: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "NetworkAllowRule", description: "A private host or range that server-side requests may reach" });

export const presetResource = z
  .object({
    kind: z.enum(PROVIDER_KINDS),
    defaultBaseUrl: z.string().nullable(),
    keyRequired: z.boolean(),
    selfHosted: z.boolean(),
    currency: z.enum(CURRENCIES),
    models: z.array(
      z.object({
        name: z.string(),
        capabilities: z.array(z.enum(CAPABILITIES)),
        inputPrice: price,
        outputPrice: price,
        contextLength: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: "ProviderPreset", description: "Defaults for a kind of provider" });
