// Action definitions for the signed-in user's own account: password, language and personal access tokens.

import { z } from "zod";
import { createPersonalAccessToken, revokePersonalAccessToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { actionDefinition } from "@/lib/actions/definition";
import { changePasswordInput, setLocaleInput } from "./schemas";
import { createTokenInput, revokeTokenInput } from "./token-schemas";
import { changeOwnPassword, setOwnLocale } from "./users";

export const changePasswordForm = changePasswordInput
  .extend({ confirmPassword: z.string() })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], message: "mismatch" });

export const changePasswordAction = actionDefinition({
  name: "profile.changePassword",
  permission: "profile.update",
  input: changePasswordForm,
  handler: async ({ db, actor }, input) => {
    const { audit } = await changeOwnPassword(db, actor, input);
    return { data: null, audit };
  },
});

export const setLocaleAction = actionDefinition({
  name: "profile.setLocale",
  permission: "profile.update",
  input: setLocaleInput,
  handler: async ({ db, actor }, input) => {
    const { audit } = await setOwnLocale(db, actor, input.locale);
    return { data: { locale: input.locale }, audit };
  },
});

export const createTokenAction = actionDefinition({
  name: "tokens.create",
  permission: "tokens.manageOwn",
  input: createTokenInput,
  handler: async ({ db, actor }, input) => {
    const expiresInDays = input.expiry === "never" ? null : Number(input.expiry);
    const { token, record } = await createPersonalAccessToken(db, actor, { name: input.name, expiresInDays });
    return {
      data: { token, record },
      audit: {
        action: "token.create",
        targetType: "personal_access_token",
        targetId: record.id,
        changes: { name: record.name, prefix: record.prefix, expiresAt: record.expiresAt?.toISOString() ?? null },
      },
    };
  },
});

export const revokeTokenAction = actionDefinition({
  name: "tokens.revoke",
  permission: "tokens.manageOwn",
  input: revokeTokenInput,
  handler: async ({ db, actor }, input) => {
    const userId = ownUserId(actor.userId);
    // Revoking twice succeeds without a second audit event.
    const wasActive = (await db.personalAccessToken.count({ where: { id: input.tokenId, userId, revokedAt: null } })) > 0;
    const record = await revokePersonalAccessToken(db, userId, input.tokenId);
    const audit = wasActive
      ? { action: "token.revoke", targetType: "personal_access_token", targetId: record.id, changes: { name: record.name, prefix: record.prefix } }
      : null;
    return { data: record, audit };
  },
});

function ownUserId(userId: string | null): string {
  if (!userId) throw new AppError("FORBIDDEN", "Only users own personal access tokens");
  return userId;
}
