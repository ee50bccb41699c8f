import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runAction } from "@/lib/actions/define-action";
import { loadUserActor } from "@/lib/auth/load-actor";
import { changeRoleAction, createUserAction, setUserStatusAction } from "@/lib/users/actions";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { meta, resolveAs, seedUser, seedWorkspace } from "./fixtures";

let database: TestDatabase;
let workspaceCount = 0;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await database?.stop();
});

// Each test gets its own workspace, so audit and user lists never see another test's rows.
const freshWorkspace = () => seedWorkspace(database.db, `admin-${++workspaceCount}`);

const newUser = (email: string) => ({ email, name: "New Person", role: "engineer", password: "a long enough password" });

describe("createUser action", () => {
  test("without session is UNAUTHENTICATED", async () => {
    const result = await runAction(createUserAction, newUser("nobody@acme.test"), resolveAs(database.db, null));

    expect(result).toEqual({ ok: false, error: { code: "UNAUTHENTICATED" } });
    expect(await database.db.user.count({ where: { email: "nobody@acme.test" } })).toBe(0);
  });

  test("viewer is FORBIDDEN and writes nothing", async () => {
    const { viewer } = await freshWorkspace();
    const auditBefore = await database.db.auditEvent.count();

    const result = await runAction(createUserAction, newUser("blocked@acme.test"), resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await database.db.user.count({ where: { email: "blocked@acme.test" } })).toBe(0);
    expect(await database.db.auditEvent.count()).toBe(auditBefore);
  });

  test("admin creates user with audit event", async () => {
    const { admin, workspaceId } = await freshWorkspace();

    const result = await runAction(createUserAction, { ...newUser("New.Person@Acme.test"), role: "product" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.email).toBe("new.person@acme.test");
    expect(result.data.role).toBe("product");
    expect(result.data).not.toHaveProperty("passwordHash");

    const membership = await database.db.membership.findFirst({ where: { userId: result.data.id } });
    expect(membership?.workspaceId).toBe(workspaceId);
    expect(membership?.role).toBe("product");

    const event = await database.db.auditEvent.findFirst({ where: { action: "user.create", targetId: result.data.id } });
    expect(event?.actorId).toBe(admin.userId);
    expect(event?.actorEmail).toBe(admin.email);
    expect(event?.actorType).toBe("user");
    expect(event?.workspaceId).toBe(workspaceId);
    expect(event?.targetType).toBe("user");
    expect(event?.changes).toEqual({ email: "new.person@acme.test", name: "New Person", role: "product" });
    expect(event?.ip).toBe(meta.ip);
    expect(event?.userAgent).toBe(meta.userAgent);
    expect(event?.requestId).toBe(meta.requestId);
    expect(JSON.stringify(event?.changes)).not.toContain("a long enough password");
  });

  test("invalid input returns field errors", async () => {
    const { admin } = await freshWorkspace();

    const result = await runAction(createUserAction, { email: "not-an-email", name: "", role: "owner", password: "short" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("INVALID_INPUT");
    expect(Object.keys(result.error.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password", "role"]);
  });

  test("taken email is CONFLICT on the email field", async () => {
    const { admin, viewer } = await freshWorkspace();

    const result = await runAction(createUserAction, newUser(viewer.email!), resolveAs(database.db, admin));

    expect(result).toEqual({ ok: false, error: { code: "CONFLICT", fieldErrors: { email: ["taken"] } } });
  });
});

describe("changeRole action", () => {
  test("ends the target's sessions and records the diff", async () => {
    const { admin, viewer } = await freshWorkspace();
    const before = await database.db.user.findUniqueOrThrow({ where: { id: viewer.userId! }, select: { sessionVersion: true } });

    const result = await runAction(changeRoleAction, { userId: viewer.userId, role: "engineer" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(true);
    const after = await database.db.user.findUniqueOrThrow({ where: { id: viewer.userId! }, select: { sessionVersion: true } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await loadUserActor(database.db, viewer.userId!, before.sessionVersion)).toBeNull();
    expect((await loadUserActor(database.db, viewer.userId!, after.sessionVersion))?.role).toBe("engineer");

    const event = await database.db.auditEvent.findFirst({ where: { action: "user.change_role", targetId: viewer.userId } });
    expect(event?.changes).toEqual({ role: { from: "viewer", to: "engineer" } });
  });

  test("viewer is FORBIDDEN", async () => {
    const { viewer } = await freshWorkspace();

    const result = await runAction(changeRoleAction, { userId: viewer.userId, role: "admin" }, resolveAs(database.db, viewer));

    expect(result).toEqual({ ok: false, error: { code: "FORBIDDEN" } });
    const membership = await database.db.membership.findFirst({ where: { userId: viewer.userId! } });
    expect(membership?.role).toBe("viewer");
  });

  test("admin cannot demote self", async () => {
    const { admin } = await freshWorkspace();

    const result = await runAction(changeRoleAction, { userId: admin.userId, role: "viewer" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("CONFLICT");
  });

  test("user of another workspace is NOT_FOUND", async () => {
    const { admin } = await freshWorkspace();
    const other = await freshWorkspace();

    const result = await runAction(changeRoleAction, { userId: other.viewer.userId, role: "admin" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("NOT_FOUND");
    const membership = await database.db.membership.findFirst({ where: { userId: other.viewer.userId! } });
    expect(membership?.role).toBe("viewer");
  });
});

describe("setUserStatus action", () => {
  test("disable ends sessions, enable restores sign-in", async () => {
    const { admin, workspaceId } = await freshWorkspace();
    const target = await seedUser(database.db, workspaceId, { email: `target-${workspaceCount}@acme.test`, role: "engineer" });

    const disabled = await runAction(setUserStatusAction, { userId: target.userId, status: "disabled" }, resolveAs(database.db, admin));

    expect(disabled.ok).toBe(true);
    expect(await loadUserActor(database.db, target.userId!)).toBeNull();
    const disableEvent = await database.db.auditEvent.findFirst({ where: { action: "user.disable", targetId: target.userId } });
    expect(disableEvent?.changes).toEqual({ status: { from: "active", to: "disabled" } });

    const enabled = await runAction(setUserStatusAction, { userId: target.userId, status: "active" }, resolveAs(database.db, admin));

    expect(enabled.ok).toBe(true);
    expect((await loadUserActor(database.db, target.userId!))?.userId).toBe(target.userId);
    expect(await database.db.auditEvent.count({ where: { action: "user.enable", targetId: target.userId } })).toBe(1);
  });

  test("admin cannot disable self", async () => {
    const { admin } = await freshWorkspace();

    const result = await runAction(setUserStatusAction, { userId: admin.userId, status: "disabled" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("CONFLICT");
    const user = await database.db.user.findUniqueOrThrow({ where: { id: admin.userId! } });
    expect(user.status).toBe("active");
    expect(await database.db.auditEvent.count({ where: { action: "user.disable", targetId: admin.userId } })).toBe(0);
  });

  test("unknown status is INVALID_INPUT", async () => {
    const { admin, viewer } = await freshWorkspace();

    const result = await runAction(setUserStatusAction, { userId: viewer.userId, status: "deleted" }, resolveAs(database.db, admin));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fieldErrors).toHaveProperty("status");
  });
});
