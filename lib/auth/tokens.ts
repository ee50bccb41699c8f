import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { loadUserActor } from "./load-actor";

const TOKEN_PREFIX = "ld_pat_";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a personal access token for the actor's user. The plain token is returned once and never stored. */
export async function createPersonalAccessToken(
  database: Db,
  actor: Actor,
  input: { name: string; expiresInDays?: number | null },
) {
  if (!actor.userId) throw new AppError("FORBIDDEN", "Only users can own tokens");

  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const record = await database.personalAccessToken.create({
    data: { userId: actor.userId, name: input.name, prefix: token.slice(0, TOKEN_PREFIX.length + 6), tokenHash: hashToken(token), expiresAt },
    select: tokenSelect,
  });
  return { token, record };
}

export const tokenSelect = { id: true, name: true, prefix: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true } as const;

export function listPersonalAccessTokens(database: Db, userId: string) {
  return database.personalAccessToken.findMany({ where: { userId }, select: tokenSelect, orderBy: { createdAt: "desc" } });
}

/** Revokes one of the user's own tokens. Revoking twice is not an error. */
export async function revokePersonalAccessToken(database: Db, userId: string, tokenId: string) {
  const token = await database.personalAccessToken.findFirst({ where: { id: tokenId, userId }, select: tokenSelect });
  if (!token) throw new AppError("NOT_FOUND", `Token ${tokenId} not found`);
  if (token.revokedAt) return token;
  return database.personalAccessToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: tokenSelect });
}

/** Resolves a bearer token to its actor, or null when it is unknown, revoked, expired or its user is disabled. */
export async function authenticatePersonalAccessToken(database: Db, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;

  const record = await database.personalAccessToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.revokedAt) return null;
  if (record.expiresAt && record.expiresAt <= new Date()) return null;

  const actor = await loadUserActor(database, record.userId);
  if (!actor) return null;

  // Writing on every call would make each API request a write; a minute of precision is enough.
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000) {
    await database.personalAccessToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
  }
  return { ...actor, type: "token", tokenId: record.id };
}
