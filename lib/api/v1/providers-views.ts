import type { NetworkAllowRule, Provider, ProviderModel } from "@/lib/db/generated/client";
import { CONNECTION_REASONS, type ConnectionReason } from "@/lib/providers/remote-models";
import { capabilitiesOf, pricesOf } from "@/lib/providers/target";

/*
 * Database rows → the wire shapes in providers-schemas.ts. Each view picks its fields by name, so the
 * encrypted API key never reaches a client; admins see only its hint.
 */

/** Splits lastCheckMessage ("<reason>: <detail>") back into its reason code and English detail. */
export function parseLastCheck(provider: Pick<Provider, "lastCheckedAt" | "lastCheckOk" | "lastCheckMessage">) {
  if (!provider.lastCheckedAt) return null;

  const text = provider.lastCheckMessage ?? "";
  const separator = text.indexOf(": ");
  const prefix = separator > 0 ? text.slice(0, separator) : "";
  const known = (CONNECTION_REASONS as readonly string[]).includes(prefix);
  // Messages written without a reason prefix fall back to what the ok flag implies.
  let reason: ConnectionReason = provider.lastCheckOk ? "ok" : "network";
  if (known) reason = prefix as ConnectionReason;
  return { at: provider.lastCheckedAt, ok: provider.lastCheckOk ?? false, reason, message: known ? text.slice(separator + 2) : text };
}

/** `includeKeyHint` is for admins; pickers for other roles get only whether a key is set. */
export function toProviderView(provider: Provider & { modelCount?: number }, options: { includeKeyHint: boolean }) {
  return {
    id: provider.id,
    name: provider.name,
    kind: provider.kind,
    baseUrl: provider.baseUrl,
    hasApiKey: provider.secretCiphertext !== null,
    apiKeyHint: options.includeKeyHint ? provider.secretHint : null,
    rpmLimit: provider.rpmLimit,
    timeoutMs: provider.timeoutMs,
    enabled: provider.enabled,
    lastCheck: parseLastCheck(provider),
    modelCount: provider.modelCount ?? null,
    createdAt: provider.createdAt,
    updatedAt: provider.updatedAt,
  };
}

export function toProviderModelView(model: ProviderModel) {
  const prices = pricesOf(model);
  return {
    id: model.id,
    providerId: model.providerId,
    name: model.name,
    displayName: model.displayName,
    capabilities: capabilitiesOf(model.capabilities),
    inputPrice: prices.input,
    outputPrice: prices.output,
    currency: prices.currency,
    contextLength: model.contextLength,
    local: model.localPath !== null,
    enabled: model.enabled,
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
  };
}

export function toAllowRuleView(rule: NetworkAllowRule) {
  return { id: rule.id, pattern: rule.pattern, note: rule.note, createdById: rule.createdById, createdAt: rule.createdAt };
}
