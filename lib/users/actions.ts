// Action definitions for user administration, kept apart from the `"use server"` modules so tests can run
// them through `runAction` with their own actor, request meta and database.

import { z } from "zod";
import { actionDefinition, fieldErrorsOf } from "@/lib/actions/definition";
import type { ActionResult } from "@/lib/actions/result";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { acceptInvitation, createUser, inviteUser, resetUserPassword, revokeInvitation, updateUser } from "./users";
import {
  acceptInvitationInput,
  changeRoleInput,
  createUserInput,
  inviteUserInput,
  resetPasswordInput,
  revokeInvitationInput,
  setUserStatusInput,
} from "./schemas";

export const createUserAction = actionDefinition({
  name: "users.create",
  permission: "users.manage",
  input: createUserInput,
  handler: async ({ db, actor }, input) => {
    const { user, audit } = await createUser(db, actor, input);
    return { data: user, audit };
  },
});

export const inviteUserAction = actionDefinition({
  name: "users.invite",
  permission: "users.manage",
  input: inviteUserInput,
  handler: async ({ db, actor }, input) => {
    const { invitation, token, audit } = await inviteUser(db, actor, input);
    return { data: { invitation, token }, audit };
  },
});

export const changeRoleAction = actionDefinition({
  name: "users.changeRole",
  permission: "users.manage",
  input: changeRoleInput,
  handler: async ({ db, actor }, input) => {
    const { user, audit } = await updateUser(db, actor, input.userId, { role: input.role });
    return { data: user, audit };
  },
});

export const setUserStatusAction = actionDefinition({
  name: "users.setStatus",
  permission: "users.manage",
  input: setUserStatusInput,
  handler: async ({ db, actor }, input) => {
    const { user, audit } = await updateUser(db, actor, input.userId, { status: input.status });
    return { data: user, audit };
  },
});

export const resetPasswordAction = actionDefinition({
  name: "users.resetPassword",
  permission: "users.manage",
  input: resetPasswordInput,
  handler: async ({ db, actor }, input) => {
    const { temporaryPassword, audit } = await resetUserPassword(db, actor, input.userId);
    return { data: { temporaryPassword }, audit };
  },
});

export const revokeInvitationAction = actionDefinition({
  name: "users.revokeInvitation",
  permission: "users.manage",
  input: revokeInvitationInput,
  handler: async ({ db, actor }, input) => {
    const { invitation, audit } = await revokeInvitation(db, actor, input.invitationId);
    return { data: { id: invitation.id, email: invitation.email }, audit };
  },
});

export const acceptInvitationForm = acceptInvitationInput
  .extend({ confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "mismatch" });

/**
 * Accepts an invitation for a visitor without a session: validates the form, creates the user, and records
 * the audit event as the new user. Failures come back as the same typed result that `runAction` returns.
 */
export async function acceptInvitationWithoutSession(
  database: Db,
  meta: RequestMeta,
  rawInput: unknown,
): Promise<ActionResult<{ email: string }>> {
  const parsed = acceptInvitationForm.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: { code: "INVALID_INPUT", fieldErrors: fieldErrorsOf(parsed.error) } };

  try {
    const { user, actor, audit } = await acceptInvitation(database, parsed.data);
    await recordAudit(database, actor, meta, audit);
    return { ok: true, data: { email: user.email } };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, fieldErrors: error.options.fieldErrors } };
    logger.error({ err: error, action: "invitation.accept" }, "action.failed");
    return { ok: false, error: { code: "INTERNAL" } };
  }
}

