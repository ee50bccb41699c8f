import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { ApiKey } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { generateApiKey } from "../key-secret";
import { assertAllowedModelsExist } from "./allowed-models";
import { apiKeyNotFound, apiKeyRevoked, expiryInPast } from "./errors";
import type { CreateApiKeyInput, UpdateApiKeyInput } from "./schemas";
import { lastUsedByKey } from "./last-used";
import { monthSpendByKey } from "./spend";

/** An API key row without its hash; no function here returns the hash or the key after creation. */
export type StoredApiKey = Omit<ApiKey, "keyHash">;

export const API_KEY_TARGET = "api_key";

const SETTING_FIELDS = ["name", "allowedModels", "rpmLimit", "tpmLimit", "monthlyBudget", "budgetCurrency", "expiresAt", "cacheEnabled", "storeContent", "fineTuningEnabled"] as const;
type SettingField = (typeof SETTING_FIELDS)[number];

/** Copies the key's settings as plain JSON values, for audit events and comparisons. */
function settingsOf(key: StoredApiKey): Record<SettingField, unknown> {
  return {
    name: key.name,
    allowedModels: key.allowedModels,
    rpmLimit: key.rpmLimit,
    tpmLimit: key.tpmLimit,
    monthlyBudget: key.monthlyBudget === null ? null : Number(key.monthlyBudget.toString()),
    budgetCurrency: key.budgetCurrency,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    cacheEnabled: key.cacheEnabled,
    storeContent: key.storeContent,
    fineTuningEnabled: key.fineTuningEnabled,
  };
}

function assertFutureExpiry(expiresAt: Date | null | undefined, now: Date) {
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw expiryInPast();
}

/** Keys of the actor's workspace, newest first, each with this month's spend per currency and its last request time. */
export async function listApiKeys(db: Db, actor: Actor, now = new Date()) {
  const keys = await db.apiKey.findMany({ where: { workspaceId: actor.workspaceId }, omit: { keyHash: true }, orderBy: { createdAt: "desc" } });
  const ids = keys.map((key) => key.id);
  const [spend, lastUsed] = await Promise.all([monthSpendByKey(db, actor.workspaceId, ids, now), lastUsedByKey(db, actor.workspaceId, ids)]);
  return keys.map((key) => ({ key: { ...key, lastUsedAt: lastUsed.get(key.id) ?? key.lastUsedAt }, spend: spend.get(key.id) ?? [] }));
}

/** Loads a key of the actor's workspace; ids of other workspaces raise NOT_FOUND so they reveal nothing. */
export async function getApiKey(db: Db, actor: Actor, keyId: string): Promise<StoredApiKey> {
  const key = await db.apiKey.findFirst({ where: { id: keyId, workspaceId: actor.workspaceId }, omit: { keyHash: true } });
  if (!key) throw apiKeyNotFound();
  return key;
}

export async function getApiKeyWithSpend(db: Db, actor: Actor, keyId: string, now = new Date()) {
  const key = await getApiKey(db, actor, keyId);
  const [spend, lastUsed] = await Promise.all([monthSpendByKey(db, actor.workspaceId, [key.id], now), lastUsedByKey(db, actor.workspaceId, [key.id])]);
  return { key: { ...key, lastUsedAt: lastUsed.get(key.id) ?? key.lastUsedAt }, spend: spend.get(key.id) ?? [] };
}

/**
 * Creates a key and returns its secret once. Only the sha256 and the prefix are stored, so the secret
 * cannot be shown again; a lost key is rotated or replaced.
 */
export async function createApiKey(db: Db, actor: Actor, input: CreateApiKeyInput, now = new Date()) {
  assertFutureExpiry(input.expiresAt, now);
  await assertAllowedModelsExist(db, actor.workspaceId, input.allowedModels);

  const secret = generateApiKey();
  const key = await db.apiKey.create({
    data: { workspaceId: actor.workspaceId, ...input, keyHash: secret.keyHash, prefix: secret.prefix, createdById: actor.userId },
    omit: { keyHash: true },
  });
  const audit: AuditEntry = { action: "api_keys.create", targetType: API_KEY_TARGET, targetId: key.id, changes: { prefix: key.prefix, ...settingsOf(key) } };
  return { key, secret: secret.key, audit };
}

/** Changes a key's name, allowed models, limits, budget, expiry, cache and logging settings or fine-tuning access. Revoked keys stay as they are. */
export async function updateApiKey(db: Db, actor: Actor, keyId: string, input: UpdateApiKeyInput, now = new Date()) {
  const before = await getApiKey(db, actor, keyId);
  if (before.revokedAt) throw apiKeyRevoked(before.name);
  assertFutureExpiry(input.expiresAt, now);
  if (input.allowedModels) await assertAllowedModelsExist(db, actor.workspaceId, input.allowedModels);

  const key = await db.apiKey.update({ where: { id: keyId }, data: input, omit: { keyHash: true } });

  const previous = settingsOf(before);
  const next = settingsOf(key);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of SETTING_FIELDS) {
    if (JSON.stringify(previous[field]) !== JSON.stringify(next[field])) changes[field] = { from: previous[field], to: next[field] };
  }
  const audit: AuditEntry = { action: "api_keys.update", targetType: API_KEY_TARGET, targetId: keyId, changes: { prefix: key.prefix, ...changes } };
  return { key, audit };
}

/** Revokes a key at once. Revocation cannot be undone; the gateway rejects the key from its next config refresh. */
export async function revokeApiKey(db: Db, actor: Actor, keyId: string, now = new Date()) {
  const before = await getApiKey(db, actor, keyId);
  // Compare-and-set, so two admins revoking at once record one revocation.
  const updated = await db.apiKey.updateMany({ where: { id: keyId, workspaceId: actor.workspaceId, revokedAt: null }, data: { revokedAt: now } });
  if (updated.count === 0) throw apiKeyRevoked(before.name);

  const key = await getApiKey(db, actor, keyId);
  const audit: AuditEntry = { action: "api_keys.revoke", targetType: API_KEY_TARGET, targetId: keyId, changes: { name: key.name, prefix: key.prefix } };
  return { key, audit };
}

/**
 * Replaces a key with a new secret and the same settings. The old key is revoked now (graceSeconds 0) or
 * expires after the grace period, so applications can switch over without downtime. A key can be rotated
 * once; later rotations start from the newest key.
 */
export async function rotateApiKey(db: Db, actor: Actor, keyId: string, graceSeconds: number, now = new Date()) {
  const secret = generateApiKey();

  const { previous, key } = await db.$transaction(async (tx) => {
    const old = await tx.apiKey.findFirst({ where: { id: keyId, workspaceId: actor.workspaceId }, omit: { keyHash: true } });
    if (!old) throw apiKeyNotFound();
    if (old.revokedAt) throw apiKeyRevoked(old.name);
    if (old.expiresAt && old.expiresAt.getTime() <= now.getTime()) {
      throw new AppError("CONFLICT", `API key "${old.name}" has expired; set a new expiry date first or create a new key`, { reason: "gateway.key_expired", params: { name: old.name } });
    }
    const successor = await tx.apiKey.findFirst({ where: { rotatedFromId: keyId }, select: { prefix: true } });
    if (successor) {
      throw new AppError("CONFLICT", `API key "${old.name}" was already rotated to ${successor.prefix}…; rotate that key instead`, {
        reason: "gateway.key_already_rotated",
        params: { name: old.name, prefix: successor.prefix },
      });
    }

    const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
    const ending = graceSeconds === 0 ? { revokedAt: now } : { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd };
    // Compare-and-set on the fields read above, so two concurrent rotations cannot both succeed.
    const ended = await tx.apiKey.updateMany({ where: { id: keyId, revokedAt: null, expiresAt: old.expiresAt }, data: ending });
    if (ended.count === 0) throw new AppError("CONFLICT", "The key changed while it was being rotated; reload and try again", { reason: "gateway.key_changed" });

    const created = await tx.apiKey.create({
      data: {
        workspaceId: old.workspaceId,
        name: old.name,
        allowedModels: old.allowedModels,
        rpmLimit: old.rpmLimit,
        tpmLimit: old.tpmLimit,
        monthlyBudget: old.monthlyBudget,
        budgetCurrency: old.budgetCurrency,
        expiresAt: old.expiresAt,
        cacheEnabled: old.cacheEnabled,
        storeContent: old.storeContent,
        fineTuningEnabled: old.fineTuningEnabled,
        keyHash: secret.keyHash,
        prefix: secret.prefix,
        rotatedFromId: old.id,
        createdById: actor.userId,
      },
      omit: { keyHash: true },
    });
    const updatedOld = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId }, omit: { keyHash: true } });
    return { previous: updatedOld, key: created };
  });

  const audit: AuditEntry = {
    action: "api_keys.rotate",
    targetType: API_KEY_TARGET,
    targetId: keyId,
    changes: { name: key.name, oldPrefix: previous.prefix, newKeyId: key.id, newPrefix: key.prefix, graceSeconds, oldKeyEndsAt: (previous.revokedAt ?? previous.expiresAt)?.toISOString() ?? null },
  };
  return { key, previous, secret: secret.key, audit };
}
