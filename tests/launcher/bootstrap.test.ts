import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { bootstrapInstance, DEFAULT_WORKSPACE_SLUG } from "@/lib/users/bootstrap";
import { startTestDatabase } from "../helpers/database";

let database: Db;
let stopDatabase: () => Promise<void>;

beforeAll(async () => {
  const started = await startTestDatabase();
  database = started.db;
  stopDatabase = started.stop;
});

afterAll(async () => {
  await stopDatabase?.();
});

beforeEach(async () => {
  await database.auditEvent.deleteMany();
  await database.membership.deleteMany();
  await database.user.deleteMany();
  await database.workspace.deleteMany();
});

const storedAdmin = (email: string) =>
  database.user.findUniqueOrThrow({
    where: { email },
    select: { passwordHash: true, mustChangePassword: true, status: true, memberships: { select: { role: true, workspace: { select: { slug: true } } } } },
  });

describe("bootstrapInstance", () => {
  it("creates the workspace and an admin with a generated password", async () => {
    const result = await bootstrapInstance(database, { adminEmail: "Owner@Example.com" });

    expect(result.workspaceCreated).toBe(true);
    expect(result.adminCreated).toBe(true);
    expect(result.adminEmail).toBe("owner@example.com");
    expect(result.passwordSource).toBe("generated");
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);

    const admin = await storedAdmin("owner@example.com");
    expect(admin.mustChangePassword).toBe(true);
    expect(admin.status).toBe("active");
    expect(admin.memberships).toEqual([{ role: "admin", workspace: { slug: DEFAULT_WORKSPACE_SLUG } }]);
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin.passwordHash, result.generatedPassword!)).toBe(true);
  });

  it("records one system.bootstrap audit event", async () => {
    const result = await bootstrapInstance(database, { adminEmail: "owner@example.com" });

    const events = await database.auditEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "system.bootstrap",
      actorType: "system",
      actorId: null,
      workspaceId: result.workspaceId,
      targetType: "workspace",
      targetId: result.workspaceId,
    });
    expect(JSON.stringify(events[0]!.changes)).not.toContain(result.generatedPassword!);
  });

  it("changes nothing on a second run", async () => {
    const first = await bootstrapInstance(database, { adminEmail: "owner@example.com" });

    const second = await bootstrapInstance(database, { adminEmail: "someone-else@example.com" });

    expect(second).toEqual({
      workspaceId: first.workspaceId,
      workspaceCreated: false,
      adminEmail: "owner@example.com",
      adminCreated: false,
      passwordSource: "existing",
      generatedPassword: null,
    });
    expect(await database.workspace.count()).toBe(1);
    expect(await database.user.count()).toBe(1);
    expect(await database.auditEvent.count()).toBe(1);
    expect(await verifyPassword((await storedAdmin("owner@example.com")).passwordHash, first.generatedPassword!)).toBe(true);
  });

  it("uses the configured admin password", async () => {
    const password = "configured-password-123";

    const result = await bootstrapInstance(database, { adminEmail: "owner@example.com", adminPassword: password });

    expect(result.passwordSource).toBe("environment");
    expect(result.generatedPassword).toBeNull();
    const admin = await storedAdmin("owner@example.com");
    expect(admin.mustChangePassword).toBe(false);
    expect(await verifyPassword(admin.passwordHash, password)).toBe(true);
  });

  it("keeps an existing workspace with another slug", async () => {
    const existing = await database.workspace.create({ data: { slug: "acme", name: "Acme" } });

    const result = await bootstrapInstance(database, { adminEmail: "owner@example.com" });

    expect(result.workspaceId).toBe(existing.id);
    expect(result.workspaceCreated).toBe(false);
    expect(result.adminCreated).toBe(true);
    expect(await database.workspace.count()).toBe(1);
  });
});
