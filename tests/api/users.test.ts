import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listInvitationsExport, POST as createInvitationExport } from "@/app/api/v1/invitations/route";
import { GET as getUserExport, PATCH as updateUserExport } from "@/app/api/v1/users/[id]/route";
import { GET as listUsersExport, POST as createUserExport } from "@/app/api/v1/users/route";
import { verifyPassword } from "@/lib/auth/password";
import { findInvitation } from "@/lib/users/users";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { apiRequest, createMember, handlerFor, readData, readJson, seedWorkspace, withParams, type ErrorBody } from "./fixtures";

let testDatabase: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let createUser: ReturnType<typeof handlerFor>;
let listUsers: ReturnType<typeof handlerFor>;
let getUser: ReturnType<typeof handlerFor>;
let updateUser: ReturnType<typeof handlerFor>;

beforeAll(async () => {
  testDatabase = await startTestDatabase();
  seed = await seedWorkspace(testDatabase.db);
  createUser = handlerFor(createUserExport, testDatabase.db);
  listUsers = handlerFor(listUsersExport, testDatabase.db);
  getUser = handlerFor(getUserExport, testDatabase.db);
  updateUser = handlerFor(updateUserExport, testDatabase.db);
});

afterAll(async () => {
  await testDatabase?.stop();
});

type User = { id: string; email: string; name: string; role: string; status: string };

describe("POST /api/v1/users", () => {
  it("creates a user and records who did it", async () => {
    const request = apiRequest("/users", {
      token: seed.admin.token,
      body: { email: "Engineer@Example.com", name: "Eng", role: "engineer", password: "correct horse battery" },
      headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.1", "user-agent": "luodi-cli/1.0", "x-request-id": "create-user-1" },
    });

    const response = await createUser(request);
    const user = await readData<User>(response, createUserExport);

    expect(response.status).toBe(201);
    expect(user.email).toBe("engineer@example.com");
    expect(user.role).toBe("engineer");
    expect(user.status).toBe("active");
    expect(JSON.stringify(user)).not.toContain("password");

    const stored = await testDatabase.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, "correct horse battery")).toBe(true);

    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "user.create", targetId: user.id } });
    expect(event.actorType).toBe("token");
    expect(event.actorId).toBe(seed.admin.id);
    expect(event.actorEmail).toBe("admin@example.com");
    expect(event.ip).toBe("203.0.113.7");
    expect(event.userAgent).toBe("luodi-cli/1.0");
    expect(event.requestId).toBe("create-user-1");
    expect(event.workspaceId).toBe(seed.workspace.id);
    expect(event.changes).toEqual({ email: "engineer@example.com", name: "Eng", role: "engineer" });
    expect(JSON.stringify(event.changes)).not.toContain("correct horse");
  });

  it("names an invalid email field", async () => {
    const response = await createUser(
      apiRequest("/users", { token: seed.admin.token, body: { email: "not-an-email", name: "X", role: "viewer", password: "correct horse battery" } }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(Object.keys(body.error.fields ?? {})).toEqual(["email"]);
    expect(body.error.message).toContain("email");
  });

  it("names every missing field", async () => {
    const response = await createUser(apiRequest("/users", { token: seed.admin.token, body: {} }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.fields).toEqual({ email: ["Required"], name: ["Required"], role: ["Required"], password: ["Required"] });
  });

  it("names a short password and a bad role", async () => {
    const response = await createUser(
      apiRequest("/users", { token: seed.admin.token, body: { email: "short@example.com", name: "S", role: "owner", password: "short" } }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.fields?.password?.[0]).toContain("12");
    expect(body.error.fields?.role).toHaveLength(1);
  });

  it("names an unknown field", async () => {
    const response = await createUser(
      apiRequest("/users", {
        token: seed.admin.token,
        body: { email: "extra@example.com", name: "E", role: "viewer", password: "correct horse battery", isAdmin: true },
      }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["isAdmin"]);
  });

  it("rejects a body that is not JSON", async () => {
    const request = new Request("http://127.0.0.1:3000/api/v1/users", {
      method: "POST",
      headers: { authorization: `Bearer ${seed.admin.token}`, "content-type": "application/json" },
      body: "{email:",
    });

    const response = await createUser(request);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.message).toContain("not valid JSON");
  });

  it("rejects a form-encoded body", async () => {
    const request = new Request("http://127.0.0.1:3000/api/v1/users", {
      method: "POST",
      headers: { authorization: `Bearer ${seed.admin.token}`, "content-type": "application/x-www-form-urlencoded" },
      body: "email=form%40example.com",
    });

    const response = await createUser(request);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.message).toContain("application/json");
  });

  it("rejects an oversized body", async () => {
    const usersBefore = await testDatabase.db.user.count();
    const request = new Request("http://127.0.0.1:3000/api/v1/users", {
      method: "POST",
      headers: { authorization: `Bearer ${seed.admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "big@example.com", name: "x".repeat(2 * 1024 * 1024), role: "viewer", password: "correct horse battery" }),
    });

    const response = await createUser(request);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.message).toContain("exceeds the maximum");
    expect(await testDatabase.db.user.count()).toBe(usersBefore);
  });

  it("reports a taken email as a conflict", async () => {
    const response = await createUser(
      apiRequest("/users", { token: seed.admin.token, body: { email: "viewer@example.com", name: "V", role: "viewer", password: "correct horse battery" } }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(409);
    expect(body.error.code).toBe("CONFLICT");
    expect(body.error.fields).toEqual({ email: ["taken"] });
  });
});

describe("GET /api/v1/users", () => {
  it("lists the workspace's users", async () => {
    const response = await listUsers(apiRequest("/users", { token: seed.admin.token }));
    const users = await readData<User[]>(response, listUsersExport);

    expect(response.status).toBe(200);
    expect(users.map((user) => user.email)).toContain("viewer@example.com");
  });

  it("omits users of another workspace", async () => {
    const other = await testDatabase.db.workspace.create({ data: { slug: "other", name: "Other" } });
    await testDatabase.db.user.create({
      data: { email: "outsider@example.com", name: "Outsider", memberships: { create: { workspaceId: other.id, role: "admin" } } },
    });

    const users = await readData<User[]>(await listUsers(apiRequest("/users", { token: seed.admin.token })), listUsersExport);

    expect(users.map((user) => user.email)).not.toContain("outsider@example.com");
  });

  it("gets one user by id", async () => {
    const response = await getUser(apiRequest(`/users/${seed.viewer.id}`, { token: seed.admin.token }), withParams({ id: seed.viewer.id }));
    const user = await readData<User>(response, getUserExport);

    expect(response.status).toBe(200);
    expect(user.email).toBe("viewer@example.com");
    expect(user.role).toBe("viewer");
  });

  it("reports an unknown id as not found", async () => {
    const response = await getUser(apiRequest("/users/nope", { token: seed.admin.token }), withParams({ id: "nope" }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(404);
    expect(body.error.code).toBe("NOT_FOUND");
  });
});

describe("PATCH /api/v1/users/{id}", () => {
  it("changes the role and ends sessions", async () => {
    const before = await testDatabase.db.user.findUniqueOrThrow({ where: { id: seed.viewer.id } });

    const response = await updateUser(
      apiRequest(`/users/${seed.viewer.id}`, { method: "PATCH", token: seed.admin.token, body: { role: "product" } }),
      withParams({ id: seed.viewer.id }),
    );
    const user = await readData<User>(response, updateUserExport);

    expect(response.status).toBe(200);
    expect(user.role).toBe("product");
    const after = await testDatabase.db.user.findUniqueOrThrow({ where: { id: seed.viewer.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);

    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "user.change_role", targetId: seed.viewer.id } });
    expect(event.changes).toEqual({ role: { from: "viewer", to: "product" } });
    expect(event.actorType).toBe("token");
  });

  it("records only the changed name", async () => {
    const response = await updateUser(
      apiRequest(`/users/${seed.viewer.id}`, { method: "PATCH", token: seed.admin.token, body: { name: "Renamed" } }),
      withParams({ id: seed.viewer.id }),
    );
    const user = await readData<User>(response, updateUserExport);
    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "user.update", targetId: seed.viewer.id } });

    expect(user.name).toBe("Renamed");
    expect(event.changes).toEqual({ name: { from: "viewer", to: "Renamed" } });
  });

  it("rejects an empty patch", async () => {
    const response = await updateUser(
      apiRequest(`/users/${seed.viewer.id}`, { method: "PATCH", token: seed.admin.token, body: {} }),
      withParams({ id: seed.viewer.id }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.message).toContain("at least one");
  });

  it("rejects fields that cannot be patched", async () => {
    const response = await updateUser(
      apiRequest(`/users/${seed.viewer.id}`, { method: "PATCH", token: seed.admin.token, body: { email: "new@example.com" } }),
      withParams({ id: seed.viewer.id }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.fields?.email).toBeDefined();
  });

  it("rejects an admin demoting themselves", async () => {
    const response = await updateUser(
      apiRequest(`/users/${seed.admin.id}`, { method: "PATCH", token: seed.admin.token, body: { role: "viewer" } }),
      withParams({ id: seed.admin.id }),
    );

    expect(response.status).toBe(409);
    expect((await testDatabase.db.membership.findFirstOrThrow({ where: { userId: seed.admin.id } })).role).toBe("admin");
  });

  it("disables another admin", async () => {
    const response = await updateUser(
      apiRequest(`/users/${seed.otherAdmin.id}`, { method: "PATCH", token: seed.admin.token, body: { status: "disabled" } }),
      withParams({ id: seed.otherAdmin.id }),
    );
    const user = await readData<User>(response, updateUserExport);
    const afterwards = await handlerFor(listUsersExport, testDatabase.db)(apiRequest("/users", { token: seed.otherAdmin.token }));

    expect(user.status).toBe("disabled");
    expect(afterwards.status).toBe(401);
  });
});

describe("invitations", () => {
  type CreatedInvitation = { id: string; email: string; role: string; url: string; expiresAt: string };

  it("returns the link once with the request origin", async () => {
    const createInvitation = handlerFor(createInvitationExport, testDatabase.db);

    const response = await createInvitation(
      apiRequest("/invitations", { token: seed.admin.token, body: { email: "invitee@example.com", name: "Invitee", role: "product" } }),
    );
    const invitation = await readData<CreatedInvitation>(response, createInvitationExport);

    expect(response.status).toBe(201);
    expect(invitation.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/invite\/[A-Za-z0-9_-]+$/);
    const token = invitation.url.split("/").pop()!;
    expect((await findInvitation(testDatabase.db, token)).email).toBe("invitee@example.com");

    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "invitation.create", targetId: invitation.id } });
    expect(event.changes).toEqual({ email: "invitee@example.com", role: "product" });
    expect(JSON.stringify(event.changes)).not.toContain(token);
  });

  it("uses the forwarded host for the link", async () => {
    const createInvitation = handlerFor(createInvitationExport, testDatabase.db);

    const response = await createInvitation(
      apiRequest("/invitations", {
        token: seed.admin.token,
        body: { email: "forwarded@example.com", name: "Forwarded", role: "viewer" },
        headers: { "x-forwarded-host": "console.example.com", "x-forwarded-proto": "https" },
      }),
    );
    const invitation = await readData<CreatedInvitation>(response, createInvitationExport);

    expect(invitation.url).toMatch(/^https:\/\/console\.example\.com\/invite\/[A-Za-z0-9_-]+$/);
  });

  it("ignores a malformed forwarded host", async () => {
    const createInvitation = handlerFor(createInvitationExport, testDatabase.db);

    const response = await createInvitation(
      apiRequest("/invitations", {
        token: seed.admin.token,
        body: { email: "malformed@example.com", name: "Malformed", role: "viewer" },
        headers: { "x-forwarded-host": "evil.example/path?x=", "x-forwarded-proto": "javascript" },
      }),
    );
    const invitation = await readData<CreatedInvitation>(response, createInvitationExport);

    expect(invitation.url.startsWith("http://127.0.0.1:3000/invite/")).toBe(true);
  });

  it("uses LUODI_PUBLIC_URL for the link", async () => {
    const createInvitation = handlerFor(createInvitationExport, testDatabase.db, { publicUrl: () => "https://luodi.example.com/" });

    const response = await createInvitation(
      apiRequest("/invitations", { token: seed.admin.token, body: { email: "public@example.com", name: "Public", role: "viewer" } }),
    );
    const invitation = await readData<CreatedInvitation>(response, createInvitationExport);

    expect(invitation.url).toMatch(/^https:\/\/luodi\.example\.com\/invite\/[A-Za-z0-9_-]+$/);
  });

  it("lists pending invitations without links", async () => {
    const listInvitations = handlerFor(listInvitationsExport, testDatabase.db);

    const response = await listInvitations(apiRequest("/invitations", { token: seed.admin.token }));
    const invitations = await readData<Record<string, unknown>[]>(response, listInvitationsExport);

    expect(response.status).toBe(200);
    expect(invitations.map((invitation) => invitation.email)).toEqual(expect.arrayContaining(["invitee@example.com", "public@example.com"]));
    for (const invitation of invitations) expect(invitation).not.toHaveProperty("url");
  });

  it("names an invalid role", async () => {
    const createInvitation = handlerFor(createInvitationExport, testDatabase.db);

    const response = await createInvitation(
      apiRequest("/invitations", { token: seed.admin.token, body: { email: "x@example.com", name: "X", role: "root" } }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["role"]);
  });

  it("forbids a non-admin", async () => {
    const engineer = await createMember(testDatabase.db, seed.workspace.id, "engineer.invites@example.com", "engineer");
    const createInvitation = handlerFor(createInvitationExport, testDatabase.db);

    const response = await createInvitation(
      apiRequest("/invitations", { token: engineer.token, body: { email: "y@example.com", name: "Y", role: "viewer" } }),
    );

    expect(response.status).toBe(403);
    expect(await testDatabase.db.invitation.count({ where: { email: "y@example.com" } })).toBe(0);
  });
});
