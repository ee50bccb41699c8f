import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Provider } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { assertBaseUrlAllowed } from "./address-check";
import { LOCAL_KIND, presetOf } from "./presets";
import type { createProviderInput, updateProviderInput } from "./schemas";
import { sealApiKey } from "./secrets";

/**
 * Stored base URL of Luodi's own runtime. The runtime picks a free loopback port when it starts, so the
 * real URL comes from the runtime manager on every call. This value only fills the column.
 */
export const LOCAL_BASE_URL_PLACEHOLDER = "http://127.0.0.1";

/** Providers of the actor's workspace with their model counts, by name. */
export async function listProviders(db: Db, actor: Actor) {
  const providers = await db.provider.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { name: "asc" },
    include: { _count: { select: { models: true } } },
  });
  return providers.map(({ _count, ...provider }) => ({ ...provider, modelCount: _count.models }));
}

/** Loads a provider of the actor's workspace; others' ids raise NOT_FOUND so they reveal nothing. */
export async function getProvider(db: Db, actor: Actor, providerId: string): Promise<Provider> {
  const provider = await db.provider.findFirst({ where: { id: providerId, workspaceId: actor.workspaceId } });
  if (!provider) throw new AppError("NOT_FOUND", "No such provider in this workspace", { reason: "providers.not_found" });
  return provider;
}

async function assertNameFree(db: Db, actor: Actor, name: string, exceptId?: string) {
  const existing = await db.provider.findFirst({ where: { workspaceId: actor.workspaceId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) } });
  if (existing) {
    throw new AppError("CONFLICT", `A provider named "${name}" already exists; choose another name`, {
      reason: "providers.name_taken",
      params: { name },
      fieldErrors: { name: ["A provider with this name already exists"] },
    });
  }
}

function keyRequiredError(kind: string): AppError {
  return new AppError("INVALID_INPUT", `Providers of kind ${kind} need an API key; enter it in the API key field`, {
    reason: "providers.key_required",
    params: { kind },
    fieldErrors: { apiKey: ["This provider needs an API key"] },
  });
}

function resolveBaseUrl(kind: string, baseUrl: string | undefined): string {
  if (kind === LOCAL_KIND) return LOCAL_BASE_URL_PLACEHOLDER;

  const resolved = baseUrl ?? presetOf(kind).defaultBaseUrl;
  if (!resolved) {
    throw new AppError("INVALID_INPUT", "Enter the provider's base URL, such as http://10.0.0.5:8000/v1", {
      reason: "providers.base_url_required",
      fieldErrors: { baseUrl: ["Required"] },
    });
  }
  return withoutTrailingSlash(resolved);
}

/** Request paths are appended as `${baseUrl}/models`, so a stored trailing slash would double up. */
function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export async function createProvider(db: Db, actor: Actor, input: z.output<typeof createProviderInput>) {
  await assertNameFree(db, actor, input.name);
  if (presetOf(input.kind).keyRequired && !input.apiKey) throw keyRequiredError(input.kind);

  const baseUrl = resolveBaseUrl(input.kind, input.baseUrl);
  if (input.kind !== LOCAL_KIND) await assertBaseUrlAllowed(db, actor.workspaceId, input.kind, baseUrl);

  const provider = await db.provider.create({
    data: {
      workspaceId: actor.workspaceId,
      name: input.name,
      kind: input.kind,
      baseUrl,
      ...(input.apiKey ? sealApiKey(input.apiKey) : {}),
      rpmLimit: input.rpmLimit,
      timeoutMs: input.timeoutMs,
      enabled: input.enabled,
      createdById: actor.userId,
    },
  });
  const audit: AuditEntry = {
    action: "providers.create",
    targetType: "provider",
    targetId: provider.id,
    // The key itself never enters the audit log; only the fact that one was set.
    changes: { name: provider.name, kind: provider.kind, baseUrl: provider.baseUrl, ...(input.apiKey ? { apiKey: "changed" } : {}) },
  };
  return { provider, audit };
}

/**
 * Changes a provider's settings. Leaving `apiKey` out keeps the stored key; `clearApiKey` removes it. A
 * changed base URL passes the address check again.
 */
export async function updateProvider(db: Db, actor: Actor, providerId: string, input: z.output<typeof updateProviderInput>) {
  const before = await getProvider(db, actor, providerId);
  if (input.apiKey && input.clearApiKey) {
    throw new AppError("INVALID_INPUT", "Send either a new apiKey or clearApiKey, not both", {
      reason: "providers.key_conflict",
      fieldErrors: { apiKey: ["Either replace the key or clear it"] },
    });
  }
  if (input.clearApiKey && presetOf(before.kind).keyRequired) throw keyRequiredError(before.kind);
  if (input.name && input.name !== before.name) await assertNameFree(db, actor, input.name, providerId);

  const baseUrl = before.kind === LOCAL_KIND || input.baseUrl === undefined ? undefined : withoutTrailingSlash(input.baseUrl);
  if (baseUrl !== undefined && baseUrl !== before.baseUrl) await assertBaseUrlAllowed(db, actor.workspaceId, before.kind, baseUrl);

  let secret: { secretCiphertext: string | null; secretHint: string | null } | undefined;
  if (input.apiKey) secret = sealApiKey(input.apiKey);
  else if (input.clearApiKey) secret = { secretCiphertext: null, secretHint: null };
  const fields = { name: input.name, baseUrl, rpmLimit: input.rpmLimit, timeoutMs: input.timeoutMs, enabled: input.enabled };
  const provider = await db.provider.update({ where: { id: providerId }, data: { ...fields, ...secret } });

  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const previous = before[field as keyof typeof fields];
    if (value !== undefined && value !== previous) changes[field] = { from: previous, to: value };
  }
  if (input.apiKey) changes.apiKey = "changed";
  if (input.clearApiKey && before.secretCiphertext) changes.apiKey = "cleared";

  const audit: AuditEntry = { action: "providers.update", targetType: "provider", targetId: providerId, changes };
  return { provider, audit };
}

/** Deletes a provider and its models. Request logs keep their copies of the provider and model ids. */
export async function deleteProvider(db: Db, actor: Actor, providerId: string) {
  const provider = await getProvider(db, actor, providerId);
  await db.provider.delete({ where: { id: providerId } });
  const audit: AuditEntry = { action: "providers.delete", targetType: "provider", targetId: providerId, changes: { name: provider.name, kind: provider.kind } };
  return { provider, audit };
}
