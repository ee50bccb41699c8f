import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMeExport } from "@/app/api/v1/me/route";
import { POST as createTokenExport } from "@/app/api/v1/tokens/route";
import { GET as listUsersExport, POST as createUserExport } from "@/app/api/v1/users/route";
import { GET as listAuditEventsExport } from "@/app/api/v1/audit-events/route";
import { revokePersonalAccessToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { apiRequest, createMember, handlerFor, readData, readJson, seedWorkspace, type ErrorBody } from "./fixtures";

let testDatabase: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
const previousDatabaseUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  testDatabase = await startTestDatabase();
  // The exported route handlers use the process-wide client, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = testDatabase.url;
  seed = await seedWorkspace(testDatabase.db);
});

afterAll(async () => {
  await db().$disconnect();
  await testDatabase?.stop();
  if (previousDatabaseUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previousDatabaseUrl;
});

const newUser = { email: "new.user@example.com", name: "New User", role: "engineer", password: "correct horse battery" };

describe("API authentication", () => {
  it("lists users with an admin token", async () => {
    const response = await listUsersExport(apiRequest("/users", { token: seed.admin.token }));
    const users = await readData<{ email: string; role: string }[]>(response, listUsersExport);

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(users.map((user) => user.email).sort()).toEqual(["admin@example.com", "second-admin@example.com", "viewer@example.com"]);
  });

  it("echoes the client's request id", async () => {
    const response = await listUsersExport(apiRequest("/users", { token: seed.admin.token, headers: { "x-request-id": "req-42" } }));

    expect(response.headers.get("x-request-id")).toBe("req-42");
  });

  it("replaces a malformed request id", async () => {
    const response = await listUsersExport(apiRequest("/users", { token: seed.admin.token, headers: { "x-request-id": "bad id\twith spaces" } }));

    expect(response.headers.get("x-request-id")).not.toBe("bad id\twith spaces");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects a missing token", async () => {
    const response = await listUsersExport(apiRequest("/users"));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="luodi"');
    expect(body.error.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a non-bearer Authorization header", async () => {
    const response = await listUsersExport(apiRequest("/users", { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } }));

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("rejects an unknown token", async () => {
    const response = await listUsersExport(apiRequest("/users", { token: "ld_pat_unknownunknownunknownunknown" }));

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="luodi", error="invalid_token"');
  });

  it("rejects a revoked token", async () => {
    const member = await createMember(testDatabase.db, seed.workspace.id, "revoked@example.com", "admin");
    const [record] = await testDatabase.db.personalAccessToken.findMany({ where: { userId: member.id } });
    await revokePersonalAccessToken(testDatabase.db, member.id, record!.id);

    const response = await listUsersExport(apiRequest("/users", { token: member.token }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(401);
    expect(body.error.code).toBe("UNAUTHENTICATED");
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("rejects an expired token", async () => {
    const member = await createMember(testDatabase.db, seed.workspace.id, "expired@example.com", "admin");
    await testDatabase.db.personalAccessToken.updateMany({ where: { userId: member.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const response = await listUsersExport(apiRequest("/users", { token: member.token }));

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("rejects a disabled user's token", async () => {
    const member = await createMember(testDatabase.db, seed.workspace.id, "disabled@example.com", "admin");
    await testDatabase.db.user.update({ where: { id: member.id }, data: { status: "disabled" } });

    const response = await listUsersExport(apiRequest("/users", { token: member.token }));

    expect(response.status).toBe(401);
  });

  it("forbids a viewer from creating users and writes nothing", async () => {
    const usersBefore = await testDatabase.db.user.count();
    const auditBefore = await testDatabase.db.auditEvent.count();

    const response = await createUserExport(apiRequest("/users", { token: seed.viewer.token, body: newUser }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(403);
    expect(body.error.code).toBe("FORBIDDEN");
    expect(body.error.message).toContain("users.manage");
    expect(await testDatabase.db.user.count()).toBe(usersBefore);
    expect(await testDatabase.db.user.findUnique({ where: { email: newUser.email } })).toBeNull();
    expect(await testDatabase.db.auditEvent.count()).toBe(auditBefore);
  });

  it("forbids a viewer from reading the audit log", async () => {
    const response = await listAuditEventsExport(apiRequest("/audit-events", { token: seed.viewer.token }));

    expect(response.status).toBe(403);
  });

  it("checks the permission before validating the body", async () => {
    const response = await createUserExport(apiRequest("/users", { token: seed.viewer.token, body: { email: "not an email" } }));

    expect(response.status).toBe(403);
  });

  it("describes the token's caller at /me", async () => {
    const response = await getMeExport(apiRequest("/me", { token: seed.admin.token }));
    const me = await readData<{ email: string; role: string; authMethod: string; tokenId: string | null; permissions: string[] }>(response, getMeExport);

    expect(response.status).toBe(200);
    expect(me.email).toBe("admin@example.com");
    expect(me.role).toBe("admin");
    expect(me.authMethod).toBe("token");
    expect(me.tokenId).toEqual(expect.any(String));
    expect(me.permissions).toContain("users.manage");
  });

  it("limits a viewer's permissions at /me", async () => {
    const response = await getMeExport(apiRequest("/me", { token: seed.viewer.token }));
    const me = await readData<{ permissions: string[] }>(response, getMeExport);

    expect(me.permissions).toContain("console.read");
    expect(me.permissions).not.toContain("users.manage");
  });
});

describe("API session fallback", () => {
  it("accepts the console session cookie", async () => {
    const getMe = handlerFor(getMeExport, testDatabase.db, { resolveSession: async () => seed.admin.actor });

    const response = await getMe(apiRequest("/me", { headers: { cookie: "next-auth.session-token=signed" } }));
    const me = await readData<{ authMethod: string; tokenId: string | null }>(response, getMeExport);

    expect(response.status).toBe(200);
    expect(me.authMethod).toBe("session");
    expect(me.tokenId).toBeNull();
  });

  it("skips the session without cookies", async () => {
    let calls = 0;
    const getMe = handlerFor(getMeExport, testDatabase.db, {
      resolveSession: async () => {
        calls += 1;
        return seed.admin.actor;
      },
    });

    const response = await getMe(apiRequest("/me"));

    expect(response.status).toBe(401);
    expect(calls).toBe(0);
  });

  it("prefers a bad token over a good session", async () => {
    const getMe = handlerFor(getMeExport, testDatabase.db, { resolveSession: async () => seed.admin.actor });

    const response = await getMe(apiRequest("/me", { token: "ld_pat_wrong", headers: { cookie: "next-auth.session-token=signed" } }));

    expect(response.status).toBe(401);
  });

  it("rejects a cross-site mutation with the cookie", async () => {
    const createToken = handlerFor(createTokenExport, testDatabase.db, { resolveSession: async () => seed.admin.actor });
    const tokensBefore = await testDatabase.db.personalAccessToken.count();

    const response = await createToken(
      apiRequest("/tokens", { body: { name: "csrf" }, headers: { cookie: "next-auth.session-token=signed", origin: "https://attacker.example" } }),
    );
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(403);
    expect(body.error.message).toContain("Cross-site");
    expect(await testDatabase.db.personalAccessToken.count()).toBe(tokensBefore);
  });

  it("accepts a same-origin mutation with the cookie", async () => {
    const createToken = handlerFor(createTokenExport, testDatabase.db, { resolveSession: async () => seed.admin.actor });

    const response = await createToken(
      apiRequest("/tokens", { body: { name: "console" }, headers: { cookie: "next-auth.session-token=signed", origin: "http://127.0.0.1:3000" } }),
    );

    expect(response.status).toBe(201);
  });

  it("accepts the public URL as origin", async () => {
    const createToken = handlerFor(createTokenExport, testDatabase.db, {
      resolveSession: async () => seed.admin.actor,
      publicUrl: () => "https://luodi.example.com",
    });

    const response = await createToken(
      apiRequest("/tokens", { body: { name: "proxied" }, headers: { cookie: "next-auth.session-token=signed", origin: "https://luodi.example.com" } }),
    );

    expect(response.status).toBe(201);
  });
});

describe("API failures", () => {
  it("hides unexpected error text", async () => {
    const listUsers = handlerFor(listUsersExport, testDatabase.db, {
      db: () => {
        throw new Error("connection to 10.0.0.5 failed: password=hunter2");
      },
    });

    const response = await listUsers(apiRequest("/users", { token: seed.admin.token }));
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "INTERNAL" } });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("10.0.0.5");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
