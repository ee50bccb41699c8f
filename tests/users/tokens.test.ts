import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runAction } from "@/lib/actions/define-action";
import { authenticatePersonalAccessToken, listPersonalAccessTokens } from "@/lib/auth/tokens";
import { createTokenAction, revokeTokenAction } from "@/lib/users/account-actions";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { resolveAs, seedWorkspace } from "./fixtures";

let database: TestDatabase;
let count = 0;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database?.stop();
});

const freshWorkspace = () => seedWorkspace(database.db, `tokens-${++count}`);
const DAY_MS = 86_400_000;

describe("createToken action", () => {
  test("returns a token that authenticates", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(createTokenAction, { name: "CI export", expiry: "30" }, resolveAs(database.db, viewer));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.token).toMatch(/^ld_pat_/);
    expect(result.data.token.startsWith(result.data.record.prefix)).toBe(true);
    expect(result.data.record).not.toHaveProperty("tokenHash");
    const expiresInMs = result.data.record.expiresAt!.getTime() - Date.now();
    expect(expiresInMs).toBeGreaterThan(29 * DAY_MS);
    expect(expiresInMs).toBeLessThanOrEqual(30 * DAY_MS);

    const actor = await authenticatePersonalAccessToken(database.db, result.data.token);
    expect(actor).toMatchObject({ type: "token", userId: viewer.userId, role: "viewer", tokenId: result.data.record.id });

    const event = await database.db.auditEvent.findFirst({ where: { action: "token.create", targetId: result.data.record.id } });
    expect(event?.actorId).toBe(viewer.userId);
    expect(JSON.stringify(event?.changes)).not.toContain(result.data.token);
  });

  test("never expiry stores no date", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(createTokenAction, { name: "forever", expiry: "never" }, resolveAs(database.db, viewer));

    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data.record.expiresAt).toBeNull();
  });

  test("unsupported expiry and empty name are field errors", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(createTokenAction, { name: "  ", expiry: "7" }, resolveAs(database.db, viewer));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.error.fieldErrors ?? {}).sort()).toEqual(["expiry", "name"]);
  });

  test("without session is UNAUTHENTICATED", async () => {
    const result = await runAction(createTokenAction, { name: "x", expiry: "30" }, resolveAs(database.db, null));

    expect(result).toEqual({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });
});

describe("revokeToken action", () => {
  test("revoked token no longer authenticates", async () => {
    const { viewer } = await freshWorkspace();
    const created = await runAction(createTokenAction, { name: "to revoke", expiry: "90" }, resolveAs(database.db, viewer));
    if (!created.ok) throw new Error(created.error.code);

    const revoked = await runAction(revokeTokenAction, { tokenId: created.data.record.id }, resolveAs(database.db, viewer));

    expect(revoked.ok).toBe(true);
    expect(await authenticatePersonalAccessToken(database.db, created.data.token)).toBeNull();
    const [listed] = await listPersonalAccessTokens(database.db, viewer.userId!);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    expect(await database.db.auditEvent.count({ where: { action: "token.revoke", targetId: created.data.record.id } })).toBe(1);
  });

  test("second revoke succeeds without audit event", async () => {
    const { viewer } = await freshWorkspace();
    const created = await runAction(createTokenAction, { name: "twice", expiry: "90" }, resolveAs(database.db, viewer));
    if (!created.ok) throw new Error(created.error.code);
    await runAction(revokeTokenAction, { tokenId: created.data.record.id }, resolveAs(database.db, viewer));

    const again = await runAction(revokeTokenAction, { tokenId: created.data.record.id }, resolveAs(database.db, viewer));

    expect(again.ok).toBe(true);
    expect(await database.db.auditEvent.count({ where: { action: "token.revoke", targetId: created.data.record.id } })).toBe(1);
  });

  test("another user's token is NOT_FOUND", async () => {
    const { viewer, admin } = await freshWorkspace();
    const created = await runAction(createTokenAction, { name: "mine", expiry: "90" }, resolveAs(database.db, viewer));
    if (!created.ok) throw new Error(created.error.code);

    const attempt = await runAction(revokeTokenAction, { tokenId: created.data.record.id }, resolveAs(database.db, admin));

    expect(attempt.ok).toBe(false);
    if (!attempt.ok) expect(attempt.error.code).toBe("NOT_FOUND");
    expect(await authenticatePersonalAccessToken(database.db, created.data.token)).not.toBeNull();
  });
});

describe("listPersonalAccessTokens", () => {
  test("lists only the user's own tokens", async () => {
    const { viewer, admin } = await freshWorkspace();
    await runAction(createTokenAction, { name: "viewer token", expiry: "30" }, resolveAs(database.db, viewer));
    await runAction(createTokenAction, { name: "admin token", expiry: "30" }, resolveAs(database.db, admin));

    const tokens = await listPersonalAccessTokens(database.db, viewer.userId!);

    expect(tokens.map((token) => token.name)).toEqual(["viewer token"]);
    expect(tokens[0]).not.toHaveProperty("tokenHash");
  });
});

test("disabled user's token does not authenticate", async () => {
  const { viewer } = await freshWorkspace();
  const created = await runAction(createTokenAction, { name: "soon useless", expiry: "30" }, resolveAs(database.db, viewer));
  if (!created.ok) throw new Error(created.error.code);

  await database.db.user.update({ where: { id: viewer.userId! }, data: { status: "disabled" } });

  expect(await authenticatePersonalAccessToken(database.db, created.data.token)).toBeNull();
});
