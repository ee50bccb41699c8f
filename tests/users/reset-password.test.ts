import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runAction } from "@/lib/actions/define-action";
import { authenticate } from "@/lib/auth/authenticate";
import { lockedForSeconds, recordFailure, type ThrottleSettings } from "@/lib/auth/throttle";
import { resetPasswordAction } from "@/lib/users/actions";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { meta, PASSWORD, resolveAs, seedWorkspace } from "./fixtures";

const settings: ThrottleSettings = { maxFailures: 3, windowMinutes: 15, lockMinutes: 15 };

let database: TestDatabase;
let count = 0;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database?.stop();
});

const freshWorkspace = () => seedWorkspace(database.db, `reset-${++count}`);

function storedUser(userId: string) {
  return database.db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, sessionVersion: true, mustChangePassword: true } });
}

describe("resetPassword action", () => {
  test("admin resets; temporary password works", async () => {
    const { admin, viewer } = await freshWorkspace();
    const before = await storedUser(viewer.userId!);

    const result = await runAction(resetPasswordAction, { userId: viewer.userId }, resolveAs(database.db, admin));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { temporaryPassword } = result.data;
    expect(temporaryPassword).toHaveLength(20);

    const after = await storedUser(viewer.userId!);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(true);

    await expect(authenticate(database.db, { email: viewer.email!, password: PASSWORD }, meta, settings)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const signedIn = await authenticate(database.db, { email: viewer.email!, password: temporaryPassword }, meta, settings);
    expect(signedIn.id).toBe(viewer.userId);
    expect(signedIn.sessionVersion).toBe(before.sessionVersion + 1);
  });

  test("audit event omits the password", async () => {
    const { admin, viewer } = await freshWorkspace();

    const result = await runAction(resetPasswordAction, { userId: viewer.userId }, resolveAs(database.db, admin));
    if (!result.ok) throw new Error(`reset failed: ${result.error.code}`);

    const event = await database.db.auditEvent.findFirstOrThrow({ where: { action: "user.reset_password", targetId: viewer.userId! } });
    expect(event.actorId).toBe(admin.userId);
    expect(event.workspaceId).toBe(admin.workspaceId);
    expect(event.targetType).toBe("user");
    expect(event.changes).toEqual({ password: "reset" });
    expect(JSON.stringify({ ...event, id: String(event.id) })).not.toContain(result.data.temporaryPassword);
  });

  test("reset lifts the email sign-in lock", async () => {
    const { admin, viewer } = await freshWorkspace();
    const emailKey = `email:${viewer.email}`;
    for (let i = 0; i < settings.maxFailures; i++) await recordFailure(database.db, emailKey, settings);
    const ipKey = "ip:198.51.100.99";
    for (let i = 0; i < settings.maxFailures; i++) await recordFailure(database.db, ipKey, settings);
    expect(await lockedForSeconds(database.db, emailKey)).toBeGreaterThan(0);

    const result = await runAction(resetPasswordAction, { userId: viewer.userId }, resolveAs(database.db, admin));
    if (!result.ok) throw new Error(`reset failed: ${result.error.code}`);

    expect(await lockedForSeconds(database.db, emailKey)).toBe(0);
    // Client-address keys can be shared with other people, so the reset leaves them alone.
    expect(await lockedForSeconds(database.db, ipKey)).toBeGreaterThan(0);
    const signedIn = await authenticate(database.db, { email: viewer.email!, password: result.data.temporaryPassword }, meta, settings);
    expect(signedIn.id).toBe(viewer.userId);
  });

  test("viewer is FORBIDDEN and nothing changes", async () => {
    const { admin, viewer } = await freshWorkspace();
    const before = await storedUser(admin.userId!);

    const result = await runAction(resetPasswordAction, { userId: admin.userId }, resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await storedUser(admin.userId!)).toEqual(before);
    expect(await database.db.auditEvent.count({ where: { action: "user.reset_password", targetId: admin.userId! } })).toBe(0);
  });

  test("self-reset is CONFLICT", async () => {
    const { admin } = await freshWorkspace();
    const before = await storedUser(admin.userId!);

    const result = await runAction(resetPasswordAction, { userId: admin.userId }, resolveAs(database.db, admin));

    expect(result).toEqual({ ok: false, error: { code: "CONFLICT" } });
    expect(await storedUser(admin.userId!)).toEqual(before);
  });

  test("user of another workspace is NOT_FOUND", async () => {
    const { admin } = await freshWorkspace();
    const other = await freshWorkspace();
    const before = await storedUser(other.viewer.userId!);

    const result = await runAction(resetPasswordAction, { userId: other.viewer.userId }, resolveAs(database.db, admin));

    expect(result).toEqual({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await storedUser(other.viewer.userId!)).toEqual(before);
  });
});
