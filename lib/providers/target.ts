import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { CAPABILITIES, CURRENCIES, type Capability, type Currency, type ModelTarget } from "@/lib/llm/types";
import { ensureLocalRuntime } from "@/lib/runtime/manager";
import { policyFor } from "./allow-rules";
import { LOCAL_KIND } from "./presets";
import { openApiKey } from "./secrets";

type PriceColumns = { inputPrice: { toString(): string } | null; outputPrice: { toString(): string } | null; currency: string };

/** Prices per million tokens as numbers. An unknown stored currency reads as USD rather than failing a call. */
export function pricesOf(model: PriceColumns): ModelTarget["prices"] {
  const currency: Currency = (CURRENCIES as readonly string[]).includes(model.currency) ? (model.currency as Currency) : "USD";
  return {
    input: model.inputPrice === null ? null : Number(model.inputPrice.toString()),
    output: model.outputPrice === null ? null : Number(model.outputPrice.toString()),
    currency,
  };
}

/** Keeps only the capability names defined in CAPABILITIES, in their canonical order. */
export function capabilitiesOf(values: readonly string[]): Capability[] {
  return CAPABILITIES.filter((capability) => values.includes(capability));
}

/**
 * Everything needed to call one model: upstream name, base URL, decrypted API key, timeout, rate limit,
 * prices and address policy. For the local runtime it first makes sure the runtime serves the model.
 *
 * Raises NOT_FOUND (providers.model_not_found) for a model outside the workspace, INVALID_INPUT
 * providers.model_disabled or providers.provider_disabled when either is switched off, and INTERNAL
 * providers.secret_unreadable when the stored key cannot be decrypted.
 */
export async function resolveModelTarget(db: Db, workspaceId: string, modelId: string): Promise<ModelTarget> {
  const model = await db.providerModel.findFirst({ where: { id: modelId, workspaceId }, include: { provider: true } });
  if (!model) throw new AppError("NOT_FOUND", "No such model in this workspace", { reason: "providers.model_not_found" });

  const { provider } = model;
  const params = { model: model.displayName || model.name, provider: provider.name };
  if (!provider.enabled) {
    throw new AppError("INVALID_INPUT", `Provider "${provider.name}" is disabled; an admin can enable it under Settings → Model providers`, {
      reason: "providers.provider_disabled",
      params,
    });
  }
  if (!model.enabled) {
    throw new AppError("INVALID_INPUT", `Model "${params.model}" of provider "${provider.name}" is disabled; an admin can enable it under Settings → Model providers`, {
      reason: "providers.model_disabled",
      params,
    });
  }

  const apiKey = openApiKey(provider);
  const baseUrl = provider.kind === LOCAL_KIND ? await localRuntimeUrl(db, model) : provider.baseUrl;

  return {
    workspaceId,
    providerId: provider.id,
    providerName: provider.name,
    providerKind: provider.kind,
    modelId: model.id,
    model: model.name,
    displayName: model.displayName || model.name,
    baseUrl,
    apiKey,
    timeoutMs: provider.timeoutMs,
    rpmLimit: provider.rpmLimit,
    capabilities: capabilitiesOf(model.capabilities),
    prices: pricesOf(model),
    policy: await policyFor(db, workspaceId, provider.kind),
  };
}

async function localRuntimeUrl(db: Db, model: { id: string; name: string; localPath: string | null; adapterPath: string | null }): Promise<string> {
  if (!model.localPath) {
    throw new AppError("INVALID_INPUT", `Local model "${model.name}" has no model folder; register it again from a base model or model version`, {
      reason: "providers.local_model_incomplete",
      params: { model: model.name },
    });
  }
  const { baseUrl } = await ensureLocalRuntime(db, { id: model.id, name: model.name, localPath: model.localPath, adapterPath: model.adapterPath });
  return baseUrl;
}

export type UsableModel = {
  id: string;
  name: string;
  displayName: string;
  providerId: string;
  providerName: string;
  capabilities: Capability[];
  prices: ModelTarget["prices"];
};

/** Lists enabled models of enabled providers, optionally only those with `capability`, for model pickers. */
export async function listUsableModels(db: Db, workspaceId: string, capability?: Capability): Promise<UsableModel[]> {
  const models = await db.providerModel.findMany({
    where: { workspaceId, enabled: true, provider: { enabled: true }, ...(capability ? { capabilities: { has: capability } } : {}) },
    include: { provider: { select: { name: true } } },
    orderBy: [{ provider: { name: "asc" } }, { name: "asc" }],
  });
  return models.map((model) => ({
    id: model.id,
    name: model.name,
    displayName: model.displayName || model.name,
    providerId: model.providerId,
    providerName: model.provider.name,
    capabilities: capabilitiesOf(model.capabilities),
    prices: pricesOf(model),
  }));
}
