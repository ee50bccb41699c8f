import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Provider } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { LOCAL_KIND } from "@/lib/providers/presets";
import { LOCAL_BASE_URL_PLACEHOLDER } from "@/lib/providers/providers";
import { checkAdapterFolder, checkModelFolder } from "./folders";
import type { RegisterLocalModelInput } from "./schemas";

/** Name of the provider row that contains a workspace's local runtime models, created on first registration. */
export const LOCAL_PROVIDER_NAME = "Local runtime";

/**
 * Returns the workspace's provider of kind "local" (the oldest, if an admin made several), creating
 * "Local runtime" when there is none. Raises CONFLICT when a provider of another kind already has that name.
 */
async function findOrCreateLocalProvider(db: Db, actor: Actor): Promise<{ provider: Provider; created: boolean }> {
  const existing = await db.provider.findFirst({ where: { workspaceId: actor.workspaceId, kind: LOCAL_KIND }, orderBy: { createdAt: "asc" } });
  if (existing) return { provider: existing, created: false };

  const sameName = await db.provider.findFirst({ where: { workspaceId: actor.workspaceId, name: LOCAL_PROVIDER_NAME } });
  if (sameName) {
    throw new AppError("CONFLICT", `A provider named "${LOCAL_PROVIDER_NAME}" of kind ${sameName.kind} already exists; rename it so Luodi can create its local runtime provider`, {
      reason: "runtime.provider_name_taken",
      params: { name: LOCAL_PROVIDER_NAME },
    });
  }

  const provider = await db.provider.create({
    data: { workspaceId: actor.workspaceId, name: LOCAL_PROVIDER_NAME, kind: LOCAL_KIND, baseUrl: LOCAL_BASE_URL_PLACEHOLDER, createdById: actor.userId },
  });
  return { provider, created: true };
}

/**
 * Registers a local model folder, with an optional PEFT adapter, as a chat model of the workspace's
 * local runtime provider. Registering a name again points it at the new folders. A runtime still serving
 * the old folders is replaced on the next request, because the runtime manager compares the folders the
 * runtime reports with the registered ones.
 *
 * Raises INVALID_INPUT (runtime.folder_missing, runtime.file_missing, runtime.config_invalid) naming the
 * folder or file that is wrong.
 */
export async function registerLocalModel(db: Db, actor: Actor, input: RegisterLocalModelInput) {
  const adapterPath = input.adapterPath ?? null;
  const { contextLength } = await checkModelFolder(input.localPath);
  if (adapterPath) await checkAdapterFolder(adapterPath);

  const { provider, created: providerCreated } = await findOrCreateLocalProvider(db, actor);
  const before = await db.providerModel.findUnique({ where: { providerId_name: { providerId: provider.id, name: input.name } } });

  const folders = { localPath: input.localPath, adapterPath, contextLength };
  const model = before
    ? await db.providerModel.update({ where: { id: before.id }, data: { ...folders, ...(input.displayName !== undefined ? { displayName: input.displayName } : {}) } })
    : await db.providerModel.create({
        data: {
          workspaceId: actor.workspaceId,
          providerId: provider.id,
          name: input.name,
          displayName: input.displayName ?? "",
          capabilities: ["chat"],
          currency: "CNY",
          ...folders,
        },
      });

  const changes: Record<string, unknown> = before
    ? {
        model: model.name,
        ...(before.localPath !== model.localPath ? { localPath: { from: before.localPath, to: model.localPath } } : {}),
        ...(before.adapterPath !== model.adapterPath ? { adapterPath: { from: before.adapterPath, to: model.adapterPath } } : {}),
      }
    : { model: model.name, localPath: model.localPath, adapterPath: model.adapterPath, ...(providerCreated ? { providerCreated: provider.name } : {}) };
  const audit: AuditEntry = { action: before ? "runtime.model_update" : "runtime.model_register", targetType: "provider_model", targetId: model.id, changes };
  return { model, provider, created: before === null, audit };
}
