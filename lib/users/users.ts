import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearFailures } from "@/lib/auth/throttle";
import type { Role } from "@/lib/auth/roles";
import type { AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const userSelect = {
  id: true,
  email: true,
  name: true,
  status: true,
  locale: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

const INVITATION_DAYS = 7;

/** Lists the users of the actor's workspace with their role. */
export async function listUsers(database: Db, actor: Actor) {
  const memberships = await database.membership.findMany({
    where: { workspaceId: actor.workspaceId },
    select: { role: true, user: { select: userSelect } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map(({ role, user }) => ({ ...user, role }));
}

export async function getUser(database: Db, actor: Actor, userId: string) {
  const membership = await database.membership.findFirst({
    where: { workspaceId: actor.workspaceId, userId },
    select: { role: true, user: { select: userSelect } },
  });
  if (!membership) throw new AppError("NOT_FOUND", `User ${userId} not found`);
  return { ...membership.user, role: membership.role };
}

/** Creates an active user with a password set by the admin, in the admin's workspace. */
export async function createUser(
  database: Db,
  actor: Actor,
  input: { email: string; name: string; role: Role; password: string },
): Promise<{ user: Awaited<ReturnType<typeof getUser>>; audit: AuditEntry }> {
  await assertEmailFree(database, input.email);
  const passwordHash = await hashPassword(input.password);
  const user = await database.user.create({
    data: {
      email: input.email,
      name: input.name,
      passwordHash,
      mustChangePassword: true,
      memberships: { create: { workspaceId: actor.workspaceId, role: input.role } },
    },
    select: userSelect,
  });
  return {
    user: { ...user, role: input.role },
    audit: { action: "user.create", targetType: "user", targetId: user.id, changes: { email: input.email, name: input.name, role: input.role } },
  };
}

async function assertEmailFree(database: Db, email: string) {
  const existing = await database.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `A user with email ${email} already exists`, { fieldErrors: { email: ["taken"] } });
}

const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates an invitation; the returned token goes in the link the admin sends and is not stored. */
export async function inviteUser(database: Db, actor: Actor, input: { email: string; name: string; role: Role }) {
  if (!actor.userId) throw new AppError("FORBIDDEN", "Only users can invite");
  await assertEmailFree(database, input.email);

  const token = randomBytes(24).toString("base64url");
  const invitation = await database.invitation.create({
    data: {
      workspaceId: actor.workspaceId,
      email: input.email,
      name: input.name,
      role: input.role,
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      createdById: actor.userId,
    },
    select: { id: true, email: true, name: true, role: true, expiresAt: true, createdAt: true },
  });
  const audit: AuditEntry = { action: "invitation.create", targetType: "invitation", targetId: invitation.id, changes: { email: input.email, role: input.role } };
  return { invitation, token, audit };
}

export function listPendingInvitations(database: Db, actor: Actor) {
  return database.invitation.findMany({
    where: { workspaceId: actor.workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, name: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/** Looks up a pending invitation by its token, for the accept page. */
export async function findInvitation(database: Db, token: string) {
  const invitation = await database.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { id: true, email: true, name: true, role: true, workspaceId: true, expiresAt: true, acceptedAt: true, revokedAt: true },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) {
    throw new AppError("NOT_FOUND", "This invitation is invalid, used or expired; ask an admin for a new one");
  }
  return invitation;
}

const revokedInvitationSelect = { id: true, email: true, name: true, role: true, expiresAt: true, createdAt: true, revokedAt: true } as const;

/**
 * Revokes a pending invitation of the actor's workspace, so its link stops working, and returns it.
 * Revoking an already revoked invitation succeeds with no audit entry. An accepted one raises CONFLICT.
 */
export async function revokeInvitation(database: Db, actor: Actor, invitationId: string) {
  const alreadyAccepted = () => new AppError("CONFLICT", `Invitation ${invitationId} was already accepted, so it cannot be revoked. Disable the user instead`);
  const before = await database.invitation.findFirst({
    where: { id: invitationId, workspaceId: actor.workspaceId },
    select: { acceptedAt: true },
  });
  if (!before) throw new AppError("NOT_FOUND", `Invitation ${invitationId} not found`);
  if (before.acceptedAt) throw alreadyAccepted();

  // The update requires acceptedAt and revokedAt to be null, so it and a concurrent acceptance cannot both succeed.
  const revoked = await database.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const invitation = await database.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: revokedInvitationSelect });
  // No revokedAt here means the invitee accepted between the read above and the update.
  if (!invitation.revokedAt) throw alreadyAccepted();

  const audit: AuditEntry | null =
    revoked.count > 0 ? { action: "invitation.revoke", targetType: "invitation", targetId: invitationId, changes: { email: invitation.email, role: invitation.role } } : null;
  return { invitation: { ...invitation, revokedAt: invitation.revokedAt }, audit };
}

/** Accepts an invitation: creates the user with the chosen password and marks the invitation used. */
export async function acceptInvitation(database: Db, input: { token: string; password: string }) {
  const invitation = await findInvitation(database, input.token);
  await assertEmailFree(database, invitation.email);
  const passwordHash = await hashPassword(input.password);

  // Compare-and-set on acceptedAt and revokedAt, so two tabs accepting at once create one user and an
  // admin's revocation during the password hashing above still wins.
  const claimed = await database.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
  if (claimed.count === 0) throw new AppError("CONFLICT", "This invitation was already used or revoked");

  const user = await database.user.create({
    data: {
      email: invitation.email,
      name: invitation.name,
      passwordHash,
      memberships: { create: { workspaceId: invitation.workspaceId, role: invitation.role } },
    },
    select: userSelect,
  });
  const actor: Actor = { type: "user", userId: user.id, email: user.email, role: invitation.role, workspaceId: invitation.workspaceId };
  const audit: AuditEntry = { action: "invitation.accept", targetType: "user", targetId: user.id, changes: { invitationId: invitation.id, role: invitation.role } };
  return { user, actor, audit };
}

/** Updates another user's role, status or name. Admins cannot demote or disable themselves, so a workspace keeps an admin. */
export async function updateUser(
  database: Db,
  actor: Actor,
  userId: string,
  patch: { role?: Role; status?: "active" | "disabled"; name?: string },
) {
  const before = await getUser(database, actor, userId);
  if (userId === actor.userId && ((patch.role && patch.role !== "admin") || patch.status === "disabled")) {
    throw new AppError("CONFLICT", "You cannot remove your own admin role or disable yourself; ask another admin");
  }

  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (patch.role && patch.role !== before.role) changes.role = { from: before.role, to: patch.role };
  if (patch.status && patch.status !== before.status) changes.status = { from: before.status, to: patch.status };
  if (patch.name && patch.name !== before.name) changes.name = { from: before.name, to: patch.name };

  // A new role or a disabled account must take effect now, not when the session cookie expires.
  const endSessions = Boolean(changes.role || changes.status);
  await database.user.update({
    where: { id: userId },
    data: { status: patch.status, name: patch.name, ...(endSessions ? { sessionVersion: { increment: 1 } } : {}) },
  });
  if (changes.role) {
    await database.membership.updateMany({ where: { userId, workspaceId: actor.workspaceId }, data: { role: patch.role } });
  }

  const user = await getUser(database, actor, userId);
  let action = "user.update";
  if (changes.role) action = "user.change_role";
  else if (changes.status) action = patch.status === "disabled" ? "user.disable" : "user.enable";
  const audit: AuditEntry | null = Object.keys(changes).length ? { action, targetType: "user", targetId: userId, changes } : null;
  return { user, audit };
}

/**
 * Replaces another user's password with a generated temporary one that they must change at the next
 * sign-in. Ends their sessions and clears the sign-in lock on their email. The temporary password is
 * returned only here, and the audit entry does not contain it.
 */
export async function resetUserPassword(database: Db, actor: Actor, userId: string) {
  const user = await getUser(database, actor, userId);
  if (userId === actor.userId) {
    throw new AppError("CONFLICT", "You cannot reset your own password here. Change it on your profile page");
  }

  const temporaryPassword = generatePassword();
  await database.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true, sessionVersion: { increment: 1 } },
  });
  // Only the email key is cleared, because a client-address key may count other people behind the same address.
  await clearFailures(database, `email:${user.email}`);

  const audit: AuditEntry = { action: "user.reset_password", targetType: "user", targetId: userId, changes: { password: "reset" } };
  return { temporaryPassword, audit };
}

/** Changes the actor's own password after checking the current one, and ends their other sessions. */
export async function changeOwnPassword(database: Db, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  if (!actor.userId) throw new AppError("FORBIDDEN", "Only users have passwords");
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user?.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_INPUT", "The current password is wrong", { fieldErrors: { currentPassword: ["wrong_password"] } });
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError("INVALID_INPUT", "The new password must differ from the current one", { fieldErrors: { newPassword: ["same_password"] } });
  }

  const updated = await database.user.update({
    where: { id: actor.userId },
    data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  const audit: AuditEntry = { action: "user.change_password", targetType: "user", targetId: actor.userId, changes: { password: "changed" } };
  return { sessionVersion: updated.sessionVersion, audit };
}

/** Remembers the actor's interface language. */
export async function setOwnLocale(database: Db, actor: Actor, locale: "zh-CN" | "en") {
  if (!actor.userId) throw new AppError("FORBIDDEN", "Only users have a language setting");
  const before = await database.user.findUnique({ where: { id: actor.userId }, select: { locale: true } });
  await database.user.update({ where: { id: actor.userId }, data: { locale } });
  const audit: AuditEntry = { action: "user.set_locale", targetType: "user", targetId: actor.userId, changes: { locale: { from: before?.locale ?? null, to: locale } } };
  return { audit };
}
