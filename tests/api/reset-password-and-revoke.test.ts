import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createInvitationExport } from "@/app/api/v1/invitations/route";
import { DELETE as revokeInvitationExport } from "@/app/api/v1/invitations/[id]/route";
import { POST as resetPasswordExport } from "@/app/api/v1/users/[id]/reset-password/route";
import { verifyPassword } from "@/lib/auth/password";
import { findInvitation } from "@/lib/users/users";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { apiRequest, createMember, handlerFor, readData, readJson, seedWorkspace, withParams, type ErrorBody } from "./fixtures";

let testDatabase: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let resetPassword: ReturnType<typeof handlerFor>;
let createInvitation: ReturnType<typeof handlerFor>;
let revokeInvitation: ReturnType<typeof handlerFor>;

beforeAll(async () => {
  testDatabase = await startTestDatabase();
  seed = await seedWorkspace(testDatabase.db);
  resetPassword = handlerFor(resetPasswordExport, testDatabase.db);
  createInvitation = handlerFor(createInvitationExport, testDatabase.db);
  revokeInvitation = handlerFor(revokeInvitationExport, testDatabase.db);
});

afterAll(async () => {
  await testDatabase?.stop();
});

const resetRequest = (userId: string, token: string) =>
  resetPassword(apiRequest(`/users/${userId}/reset-password`, { method: "POST", token }), withParams({ id: userId }));

const revokeRequest = (invitationId: string, token: string) =>
  revokeInvitation(apiRequest(`/invitations/${invitationId}`, { method: "DELETE", token }), withParams({ id: invitationId }));

/** Invites `email` as the seeded admin and returns the invitation id and the token from its link. */
async function invite(email: string) {
  const response = await createInvitation(apiRequest("/invitations", { token: seed.admin.token, body: { email, name: "Invitee", role: "viewer" } }));
  const invitation = await readData<{ id: string; url: string }>(response, createInvitationExport);
  return { id: invitation.id, token: invitation.url.split("/").pop()! };
}

describe("POST /api/v1/users/{id}/reset-password", () => {
  it("returns a working temporary password", async () => {
    const member = await createMember(testDatabase.db, seed.workspace.id, "reset-me@example.com", "engineer");
    const before = await testDatabase.db.user.findUniqueOrThrow({ where: { id: member.id }, select: { sessionVersion: true } });

    const response = await resetRequest(member.id, seed.admin.token);
    const data = await readData<{ temporaryPassword: string }>(response, resetPasswordExport);

    expect(response.status).toBe(200);
    const stored = await testDatabase.db.user.findUniqueOrThrow({ where: { id: member.id }, select: { passwordHash: true, sessionVersion: true, mustChangePassword: true } });
    expect(await verifyPassword(stored.passwordHash, data.temporaryPassword)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
    expect(stored.sessionVersion).toBe(before.sessionVersion + 1);

    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "user.reset_password", targetId: member.id } });
    expect(event.actorType).toBe("token");
    expect(event.actorId).toBe(seed.admin.id);
    expect(event.changes).toEqual({ password: "reset" });
  });

  it("viewer token is 403", async () => {
    const response = await resetRequest(seed.otherAdmin.id, seed.viewer.token);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(403);
    expect(body.error.code).toBe("FORBIDDEN");
    expect(await testDatabase.db.auditEvent.count({ where: { action: "user.reset_password", targetId: seed.otherAdmin.id } })).toBe(0);
  });

  it("own password is 409", async () => {
    const response = await resetRequest(seed.admin.id, seed.admin.token);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(409);
    expect(body.error.code).toBe("CONFLICT");
  });

  it("unknown user is 404", async () => {
    const response = await resetRequest("no-such-user", seed.admin.token);

    expect(response.status).toBe(404);
  });

  it("missing token is 401", async () => {
    const response = await resetPassword(apiRequest(`/users/${seed.viewer.id}/reset-password`, { method: "POST" }), withParams({ id: seed.viewer.id }));

    expect(response.status).toBe(401);
  });
});

describe("DELETE /api/v1/invitations/{id}", () => {
  it("revokes and invalidates the link", async () => {
    const { id, token } = await invite("revoke-api@example.com");

    const response = await revokeRequest(id, seed.admin.token);
    const data = await readData<{ id: string; revokedAt: string }>(response, revokeInvitationExport);

    expect(response.status).toBe(200);
    expect(data.id).toBe(id);
    await expect(findInvitation(testDatabase.db, token)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "invitation.revoke", targetId: id } });
    expect(event.actorType).toBe("token");
    expect(event.actorId).toBe(seed.admin.id);
    expect(event.changes).toEqual({ email: "revoke-api@example.com", role: "viewer" });
  });

  it("repeated revoke succeeds once audited", async () => {
    const { id } = await invite("revoke-twice@example.com");
    await revokeRequest(id, seed.admin.token);

    const response = await revokeRequest(id, seed.admin.token);

    expect(response.status).toBe(200);
    expect(await testDatabase.db.auditEvent.count({ where: { action: "invitation.revoke", targetId: id } })).toBe(1);
  });

  it("viewer token is 403", async () => {
    const { id, token } = await invite("revoke-viewer@example.com");

    const response = await revokeRequest(id, seed.viewer.token);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(403);
    expect(body.error.code).toBe("FORBIDDEN");
    await expect(findInvitation(testDatabase.db, token)).resolves.toMatchObject({ id });
  });

  it("unknown invitation is 404", async () => {
    const response = await revokeRequest("no-such-invitation", seed.admin.token);

    expect(response.status).toBe(404);
  });
});
