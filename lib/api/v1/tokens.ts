import { z } from "zod";
import { createPersonalAccessToken, listPersonalAccessTokens, revokePersonalAccessToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { defineRoute } from "../route";
import { createdTokenResource, tokenResource } from "./schemas";

export const createTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(100).describe("What the token is for, shown in token lists"),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional().describe("Days until the token expires; omit or null for never"),
});

function requireUserId(userId: string | null): string {
  if (!userId) throw new AppError("FORBIDDEN", "Only users own personal access tokens");
  return userId;
}

export const listTokensRoute = defineRoute({
  method: "GET",
  path: "/tokens",
  operationId: "listTokens",
  summary: "List your personal access tokens",
  description: "Lists the caller's own tokens, including revoked and expired ones, newest first.",
  tag: "Tokens",
  permission: "tokens.manageOwn",
  response: z.array(tokenResource),
  async handler({ actor, db }) {
    return { data: await listPersonalAccessTokens(db, requireUserId(actor.userId)) };
  },
});

export const createTokenRoute = defineRoute({
  method: "POST",
  path: "/tokens",
  operationId: "createToken",
  summary: "Create a personal access token",
  description: "Returns the secret token once; Luodi stores only its hash. The token acts with the caller's role.",
  tag: "Tokens",
  permission: "tokens.manageOwn",
  body: createTokenInput,
  response: createdTokenResource,
  successStatus: 201,
  async handler({ actor, db, body }) {
    const { token, record } = await createPersonalAccessToken(db, actor, body);
    return {
      data: { ...record, token },
      audit: {
        action: "token.create",
        targetType: "personal_access_token",
        targetId: record.id,
        changes: { name: record.name, prefix: record.prefix, expiresAt: record.expiresAt?.toISOString() ?? null },
      },
    };
  },
});

export const revokeTokenRoute = defineRoute({
  method: "DELETE",
  path: "/tokens/{id}",
  operationId: "revokeToken",
  summary: "Revoke one of your personal access tokens",
  description: "Revoking an already revoked token succeeds and changes nothing. Tokens of other users are reported as not found.",
  tag: "Tokens",
  permission: "tokens.manageOwn",
  params: z.object({ id: z.string().min(1).max(100).describe("Token id") }),
  response: tokenResource,
  async handler({ actor, db, params }) {
    const userId = requireUserId(actor.userId);
    // Revoking twice succeeds without a second audit event.
    const wasActive = (await db.personalAccessToken.count({ where: { id: params.id, userId, revokedAt: null } })) > 0;
    const token = await revokePersonalAccessToken(db, userId, params.id);
    const audit = wasActive
      ? { action: "token.revoke", targetType: "personal_access_token", targetId: token.id, changes: { name: token.name, prefix: token.prefix } }
      : null;
    return { data: token, audit };
  },
});
