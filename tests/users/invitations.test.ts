import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runAction } from "@/lib/actions/define-action";
import { verifyPassword } from "@/lib/auth/password";
import { acceptInvitationWithoutSession, inviteUserAction, revokeInvitationAction } from "@/lib/users/actions";
import { describeInvitation } from "@/lib/users/invitation-view";
import { findInvitation, listPendingInvitations } from "@/lib/users/users";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { meta, resolveAs, seedWorkspace } from "./fixtures";

let database: TestDatabase;
let count = 0;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database?.stop();
});

const NEW_PASSWORD = "invited person password";

/** A workspace whose admin has invited one engineer; returns the plain token from the action's result. */
async function invited() {
  const workspace = await seedWorkspace(database.db, `invite-${++count}`);
  const email = `invitee-${count}@acme.test`;
  const result = await runAction(inviteUserAction, { email, name: "Ina Invitee", role: "engineer" }, resolveAs(database.db, workspace.admin));
  if (!result.ok) throw new Error(`invitation failed: ${result.error.code}`);
  return { ...workspace, email, token: result.data.token, invitationId: result.data.invitation.id };
}

describe("inviteUser action", () => {
  test("admin invites; token is not stored", async () => {
    const { admin, email, token, invitationId } = await invited();

    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row.email).toBe(email);
    expect(row.role).toBe("engineer");
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const event = await database.db.auditEvent.findFirst({ where: { action: "invitation.create", targetId: invitationId } });
    expect(event?.actorId).toBe(admin.userId);
    expect(event?.changes).toEqual({ email, role: "engineer" });
    expect(JSON.stringify(event?.changes)).not.toContain(token);
  });

  test("viewer is FORBIDDEN", async () => {
    const { viewer } = await seedWorkspace(database.db, `invite-${++count}`);

    const result = await runAction(inviteUserAction, { email: "x@acme.test", name: "X", role: "admin" }, resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await database.db.invitation.count({ where: { email: "x@acme.test" } })).toBe(0);
  });

  test("description names inviter and role", async () => {
    const { token, email } = await invited();

    const description = await describeInvitation(database.db, token);

    expect(description).toMatchObject({ email, name: "Ina Invitee", role: "engineer", invitedBy: { name: "Ada Admin" } });
  });
});

describe("acceptInvitationWithoutSession", () => {
  test("creates user and audits as that user", async () => {
    const { token, email, workspaceId, invitationId, admin } = await invited();

    const result = await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    expect(result).toEqual({ ok: true, data: { email } });
    const user = await database.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, passwordHash: true, status: true, memberships: true } });
    expect(user.status).toBe("active");
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(user.memberships).toMatchObject([{ workspaceId, role: "engineer" }]);

    const event = await database.db.auditEvent.findFirst({ where: { action: "invitation.accept", targetId: user.id } });
    expect(event?.actorId).toBe(user.id);
    expect(event?.actorEmail).toBe(email);
    expect(event?.workspaceId).toBe(workspaceId);
    expect(event?.ip).toBe(meta.ip);
    expect(event?.changes).toEqual({ invitationId, role: "engineer" });

    expect(await listPendingInvitations(database.db, admin)).toEqual([]);
  });

  test("reused token is rejected", async () => {
    const { token, email } = await invited();
    await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    const second = await acceptInvitationWithoutSession(database.db, meta, { token, password: "another password 123", confirmPassword: "another password 123" });

    expect(second).toEqual({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await database.db.user.count({ where: { email } })).toBe(1);
    await expect(describeInvitation(database.db, token)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("expired token is rejected", async () => {
    const { token, email, invitationId } = await invited();
    await database.db.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const result = await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    expect(result).toEqual({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await database.db.user.count({ where: { email } })).toBe(0);
    await expect(describeInvitation(database.db, token)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("unknown token is rejected", async () => {
    const result = await acceptInvitationWithoutSession(database.db, meta, { token: "x".repeat(32), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    expect(result).toEqual({ ok: false, error: { code: "NOT_FOUND" } });
  });

  test("mismatched confirmation writes nothing", async () => {
    const { token, email } = await invited();

    const result = await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` });

    expect(result).toEqual({ ok: false, error: { code: "INVALID_INPUT", fieldErrors: { confirmPassword: ["mismatch"] } } });
    expect(await database.db.user.count({ where: { email } })).toBe(0);
  });

  test("short password is a field error", async () => {
    const { token } = await invited();

    const result = await acceptInvitationWithoutSession(database.db, meta, { token, password: "short", confirmPassword: "short" });

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fieldErrors).toHaveProperty("password");
  });

  test("email taken since invitation is CONFLICT", async () => {
    const { token, email, admin } = await invited();
    await database.db.user.create({ data: { email, name: "Early Bird", memberships: { create: { workspaceId: admin.workspaceId, role: "viewer" } } } });

    const result = await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    expect(result).toEqual({ ok: false, error: { code: "CONFLICT", fieldErrors: { email: ["taken"] } } });
  });
});

describe("revokeInvitation action", () => {
  test("revoked link is NOT_FOUND", async () => {
    const { admin, token, email, invitationId } = await invited();

    const result = await runAction(revokeInvitationAction, { invitationId }, resolveAs(database.db, admin));

    expect(result).toEqual({ ok: true, data: { id: invitationId, email } });
    await expect(findInvitation(database.db, token)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listPendingInvitations(database.db, admin)).toEqual([]);
    const accepted = await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(accepted).toEqual({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await database.db.user.count({ where: { email } })).toBe(0);

    const event = await database.db.auditEvent.findFirstOrThrow({ where: { action: "invitation.revoke", targetId: invitationId } });
    expect(event.actorId).toBe(admin.userId);
    expect(event.targetType).toBe("invitation");
    expect(event.changes).toEqual({ email, role: "engineer" });
  });

  test("second revoke succeeds without audit", async () => {
    const { admin, invitationId } = await invited();
    await runAction(revokeInvitationAction, { invitationId }, resolveAs(database.db, admin));
    const firstRevokedAt = (await database.db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).revokedAt;

    const second = await runAction(revokeInvitationAction, { invitationId }, resolveAs(database.db, admin));

    expect(second.ok).toBe(true);
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).revokedAt).toEqual(firstRevokedAt);
    expect(await database.db.auditEvent.count({ where: { action: "invitation.revoke", targetId: invitationId } })).toBe(1);
  });

  test("accepted invitation is CONFLICT", async () => {
    const { admin, token, invitationId } = await invited();
    await acceptInvitationWithoutSession(database.db, meta, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    const result = await runAction(revokeInvitationAction, { invitationId }, resolveAs(database.db, admin));

    expect(result).toEqual({ ok: false, error: { code: "CONFLICT" } });
    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row.revokedAt).toBeNull();
  });

  test("other workspace's invitation is NOT_FOUND", async () => {
    const { token, invitationId } = await invited();
    const { admin: otherAdmin } = await seedWorkspace(database.db, `invite-${++count}`);

    const result = await runAction(revokeInvitationAction, { invitationId }, resolveAs(database.db, otherAdmin));

    expect(result).toEqual({ ok: false, error: { code: "NOT_FOUND" } });
    await expect(findInvitation(database.db, token)).resolves.toMatchObject({ id: invitationId });
  });

  test("viewer is FORBIDDEN", async () => {
    const { viewer, token, invitationId } = await invited();

    const result = await runAction(revokeInvitationAction, { invitationId }, resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: false, error: { code: "FORBIDDEN" } });
    await expect(findInvitation(database.db, token)).resolves.toMatchObject({ id: invitationId });
  });
});
