import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeTokenExport } from "@/app/api/v1/tokens/[id]/route";
import { GET as listTokensExport, POST as createTokenExport } from "@/app/api/v1/tokens/route";
import { GET as getMeExport } from "@/app/api/v1/me/route";
import { serializeJson } from "@/lib/api/http";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { apiRequest, handlerFor, readData, readJson, seedWorkspace, withParams, type ErrorBody } from "./fixtures";

let testDatabase: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let createToken: ReturnType<typeof handlerFor>;
let listTokens: ReturnType<typeof handlerFor>;
let revokeToken: ReturnType<typeof handlerFor>;
let getMe: ReturnType<typeof handlerFor>;

beforeAll(async () => {
  testDatabase = await startTestDatabase();
  seed = await seedWorkspace(testDatabase.db);
  createToken = handlerFor(createTokenExport, testDatabase.db);
  listTokens = handlerFor(listTokensExport, testDatabase.db);
  revokeToken = handlerFor(revokeTokenExport, testDatabase.db);
  getMe = handlerFor(getMeExport, testDatabase.db);
});

afterAll(async () => {
  await testDatabase?.stop();
});

type Token = { id: string; name: string; prefix: string; expiresAt: string | null; revokedAt: string | null };
type CreatedToken = Token & { token: string };

async function create(ownerToken: string, body: unknown): Promise<CreatedToken> {
  const response = await createToken(apiRequest("/tokens", { token: ownerToken, body }));
  expect(response.status).toBe(201);
  return readData<CreatedToken>(response, createTokenExport);
}

function revoke(ownerToken: string, tokenId: string) {
  return revokeToken(apiRequest(`/tokens/${tokenId}`, { method: "DELETE", token: ownerToken }), withParams({ id: tokenId }));
}

describe("personal access tokens API", () => {
  it("returns the plain token once and it works", async () => {
    const created = await create(seed.viewer.token, { name: "ci", expiresInDays: 30 });

    expect(created.token).toMatch(/^ld_pat_/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(Date.parse(created.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const stored = await testDatabase.db.personalAccessToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenHash).not.toContain(created.token);
    expect((await getMe(apiRequest("/me", { token: created.token }))).status).toBe(200);

    const listed = await readData<Token[]>(await listTokens(apiRequest("/tokens", { token: seed.viewer.token })), listTokensExport);
    expect(listed.map((token) => token.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it("records the creation in the audit log", async () => {
    const created = await create(seed.admin.token, { name: "audited" });

    const event = await testDatabase.db.auditEvent.findFirstOrThrow({ where: { action: "token.create", targetId: created.id } });
    expect(event.actorType).toBe("token");
    expect(event.actorId).toBe(seed.admin.id);
    expect(event.changes).toEqual({ name: "audited", prefix: created.prefix, expiresAt: null });
    expect(serializeJson(event)).not.toContain(created.token);
  });

  it("lists only the caller's tokens", async () => {
    const adminTokens = await readData<Token[]>(await listTokens(apiRequest("/tokens", { token: seed.admin.token })), listTokensExport);
    const viewerTokenIds = (await testDatabase.db.personalAccessToken.findMany({ where: { userId: seed.viewer.id } })).map((token) => token.id);

    expect(adminTokens.length).toBeGreaterThan(0);
    for (const token of adminTokens) expect(viewerTokenIds).not.toContain(token.id);
  });

  it("names an invalid expiry", async () => {
    const response = await createToken(apiRequest("/tokens", { token: seed.admin.token, body: { name: "bad", expiresInDays: 0 } }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["expiresInDays"]);
  });

  it("names a blank name", async () => {
    const response = await createToken(apiRequest("/tokens", { token: seed.admin.token, body: { name: "   " } }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["name"]);
  });

  it("revokes an own token, which then fails", async () => {
    const created = await create(seed.admin.token, { name: "short-lived" });

    const response = await revoke(seed.admin.token, created.id);
    const revoked = await readData<Token>(response, revokeTokenExport);

    expect(response.status).toBe(200);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await getMe(apiRequest("/me", { token: created.token }))).status).toBe(401);
    expect(await testDatabase.db.auditEvent.count({ where: { action: "token.revoke", targetId: created.id } })).toBe(1);
  });

  it("revokes twice with one audit event", async () => {
    const created = await create(seed.admin.token, { name: "twice" });

    expect((await revoke(seed.admin.token, created.id)).status).toBe(200);
    expect((await revoke(seed.admin.token, created.id)).status).toBe(200);
    expect(await testDatabase.db.auditEvent.count({ where: { action: "token.revoke", targetId: created.id } })).toBe(1);
  });

  it("hides another user's token as not found", async () => {
    const victim = await create(seed.viewer.token, { name: "victim" });

    const response = await revoke(seed.admin.token, victim.id);
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(404);
    expect(body.error.code).toBe("NOT_FOUND");
    const stored = await testDatabase.db.personalAccessToken.findUniqueOrThrow({ where: { id: victim.id } });
    expect(stored.revokedAt).toBeNull();
    expect((await getMe(apiRequest("/me", { token: victim.token }))).status).toBe(200);
    expect(await testDatabase.db.auditEvent.count({ where: { action: "token.revoke", targetId: victim.id } })).toBe(0);
  });

  it("lets a token revoke itself", async () => {
    const created = await create(seed.admin.token, { name: "self" });

    const response = await revoke(created.token, created.id);

    expect(response.status).toBe(200);
    expect((await getMe(apiRequest("/me", { token: created.token }))).status).toBe(401);
  });
});
