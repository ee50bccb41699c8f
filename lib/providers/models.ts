import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { importDefaults, LOCAL_KIND } from "./presets";
import { getProvider } from "./providers";
import type { updateModelInput } from "./schemas";

/** Lists a provider's models by name, disabled ones included. */
export async function listProviderModels(db: Db, actor: Actor, providerId: string) {
  const provider = await getProvider(db, actor, providerId);
  return db.providerModel.findMany({ where: { providerId: provider.id }, orderBy: { name: "asc" } });
}

export async function getProviderModel(db: Db, actor: Actor, modelId: string) {
  const model = await db.providerModel.findFirst({ where: { id: modelId, workspaceId: actor.workspaceId }, include: { provider: { select: { name: true, kind: true } } } });
  if (!model) throw new AppError("NOT_FOUND", "No such model in this workspace", { reason: "providers.model_not_found" });
  return model;
}

/**
 * Adds models to a provider by their upstream ids. Capabilities and prices come from the provider's preset
 * when it lists the id, else capabilities are guessed from the id and prices stay unknown. Ids already
 * imported are skipped, so importing twice changes nothing.
 */
export async function importModels(db: Db, actor: Actor, providerId: string, names: string[]) {
  const provider = await getProvider(db, actor, providerId);
  if (provider.kind === LOCAL_KIND) {
    throw new AppError("INVALID_INPUT", "Local runtime models are registered from a base model or a fine-tuned model version, not imported", {
      reason: "providers.local_runtime_managed",
    });
  }

  const requested = [...new Set(names)];
  const existing = await db.providerModel.findMany({ where: { providerId, name: { in: requested } }, select: { name: true } });
  const existingNames = new Set(existing.map((entry) => entry.name));
  const fresh = requested.filter((name) => !existingNames.has(name));

  await db.providerModel.createMany({
    data: fresh.map((name) => ({ workspaceId: actor.workspaceId, providerId, name, ...importDefaults(provider.kind, name) })),
    skipDuplicates: true,
  });
  const imported = await db.providerModel.findMany({ where: { providerId, name: { in: fresh } }, orderBy: { name: "asc" } });

  const audit: AuditEntry = {
    action: "providers.import_models",
    targetType: "provider",
    targetId: providerId,
    changes: { imported: imported.map((model) => model.name), skipped: [...existingNames] },
  };
  return { imported, skipped: [...existingNames].sort(), audit };
}

function priceValue(value: { toString(): string } | null): number | null {
  return value === null ? null : Number(value.toString());
}

/** Changes a model's display name, capabilities, prices, currency, context length or enabled flag. */
export async function updateProviderModel(db: Db, actor: Actor, modelId: string, input: z.output<typeof updateModelInput>) {
  const before = await getProviderModel(db, actor, modelId);
  const model = await db.providerModel.update({ where: { id: modelId }, data: input });

  const previous: Record<string, unknown> = {
    displayName: before.displayName,
    capabilities: before.capabilities,
    inputPrice: priceValue(before.inputPrice),
    outputPrice: priceValue(before.outputPrice),
    currency: before.currency,
    contextLength: before.contextLength,
    enabled: before.enabled,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value !== undefined && JSON.stringify(previous[field]) !== JSON.stringify(value)) changes[field] = { from: previous[field], to: value };
  }

  const audit: AuditEntry = { action: "providers.model_update", targetType: "provider_model", targetId: modelId, changes: { model: model.name, ...changes } };
  return { model, audit };
}

export async function deleteProviderModel(db: Db, actor: Actor, modelId: string) {
  const model = await getProviderModel(db, actor, modelId);
  await db.providerModel.delete({ where: { id: modelId } });
  const audit: AuditEntry = { action: "providers.model_delete", targetType: "provider_model", targetId: modelId, changes: { model: model.name, provider: model.provider.name } };
  return { model, audit };
}
