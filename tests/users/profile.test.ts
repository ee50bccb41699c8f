import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runAction } from "@/lib/actions/define-action";
import { loadUserActor } from "@/lib/auth/load-actor";
import { verifyPassword } from "@/lib/auth/password";
import { changePasswordAction, setLocaleAction } from "@/lib/users/account-actions";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { PASSWORD, resolveAs, seedWorkspace } from "./fixtures";

let database: TestDatabase;
let count = 0;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database?.stop();
});

const freshWorkspace = () => seedWorkspace(database.db, `profile-${++count}`);
const NEW_PASSWORD = "a brand new passphrase";

describe("changePassword action", () => {
  test("wrong current password is a field error", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(
      changePasswordAction,
      { currentPassword: "not my password", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      resolveAs(database.db, viewer),
    );

    expect(result).toEqual({ ok: false, error: { code: "INVALID_INPUT", fieldErrors: { currentPassword: ["wrong_password"] } } });
  });

  test("success ends sessions and stores new hash", async () => {
    const { viewer } = await freshWorkspace();
    const before = await database.db.user.findUniqueOrThrow({ where: { id: viewer.userId! }, select: { sessionVersion: true } });

    const result = await runAction(
      changePasswordAction,
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      resolveAs(database.db, viewer),
    );

    expect(result).toEqual({ ok: true, data: null });
    const after = await database.db.user.findUniqueOrThrow({ where: { id: viewer.userId! }, select: { sessionVersion: true, passwordHash: true } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await loadUserActor(database.db, viewer.userId!, before.sessionVersion)).toBeNull();
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.passwordHash, PASSWORD)).toBe(false);

    const event = await database.db.auditEvent.findFirst({ where: { action: "user.change_password", targetId: viewer.userId } });
    expect(event?.actorId).toBe(viewer.userId);
    expect(JSON.stringify(event?.changes)).not.toContain(NEW_PASSWORD);
  });

  test("mismatched confirmation is a field error", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(
      changePasswordAction,
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: "something else entirely" },
      resolveAs(database.db, viewer),
    );

    expect(result).toEqual({ ok: false, error: { code: "INVALID_INPUT", fieldErrors: { confirmPassword: ["mismatch"] } } });
  });

  test("reusing current password is a field error", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(changePasswordAction, { currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD }, resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: false, error: { code: "INVALID_INPUT", fieldErrors: { newPassword: ["same_password"] } } });
  });

  test("new password under 12 characters is rejected", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(changePasswordAction, { currentPassword: PASSWORD, newPassword: "elevenchars", confirmPassword: "elevenchars" }, resolveAs(database.db, viewer));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.error.fieldErrors ?? {})).toContain("newPassword");
  });

  test("without session is UNAUTHENTICATED", async () => {
    const result = await runAction(changePasswordAction, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, resolveAs(database.db, null));

    expect(result).toEqual({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });
});

describe("setLocale action", () => {
  test("stores locale with audit diff", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(setLocaleAction, { locale: "en" }, resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: true, data: { locale: "en" } });
    const user = await database.db.user.findUniqueOrThrow({ where: { id: viewer.userId! } });
    expect(user.locale).toBe("en");
    const event = await database.db.auditEvent.findFirst({ where: { action: "user.set_locale", targetId: viewer.userId } });
    expect(event?.changes).toEqual({ locale: { from: null, to: "en" } });
  });

  test("unsupported locale is rejected", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(setLocaleAction, { locale: "fr" }, resolveAs(database.db, viewer));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fieldErrors).toHaveProperty("locale");
  });
});
