import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runAction } from "@/lib/actions/define-action";
import { summarizeChanges } from "@/lib/audit/changes";
import { listAuditActions, listAuditEvents, type AuditFilter } from "@/lib/audit/query";
import { auditQueryString, localDateTimeToDate, parseAuditSearchParams } from "@/lib/audit/search-params";
import type { Actor } from "@/lib/auth/actor";
import { changeRoleAction, createUserAction } from "@/lib/users/actions";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { resolveAs, seedWorkspace } from "./fixtures";

let database: TestDatabase;
let admin: Actor;
let viewer: Actor;
let workspaceId: string;

const base = new Date("2026-03-01T08:00:00Z");
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
const filter = (overrides: Partial<AuditFilter>): AuditFilter => ({ limit: 50, ...overrides });

beforeAll(async () => {
  database = await startTestDatabase();
  ({ admin, viewer, workspaceId } = await seedWorkspace(database.db, "audit"));
  const other = await seedWorkspace(database.db, "elsewhere");

  const event = (actor: Actor, action: string, targetType: string, targetId: string, minutes: number, changes?: object) => ({
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    actorEmail: actor.email,
    actorType: "user",
    action,
    targetType,
    targetId,
    changes,
    ip: "198.51.100.1",
    createdAt: at(minutes),
  });
  await database.db.auditEvent.createMany({
    data: [
      event(admin, "user.create", "user", "u-1", 0, { email: "one@audit.test" }),
      event(admin, "user.change_role", "user", "u-1", 10, { role: { from: "viewer", to: "engineer" } }),
      event(viewer, "token.create", "personal_access_token", "t-1", 20),
      event(admin, "user.disable", "user", "u-2", 30),
      event(other.admin, "user.create", "user", "u-9", 15),
    ],
  });
});

afterAll(async () => {
  await database?.stop();
});

const actionsOf = async (overrides: Partial<AuditFilter>) => (await listAuditEvents(database.db, admin, filter(overrides))).events.map((event) => event.action);

describe("listAuditEvents filters", () => {
  test("by actor email substring", async () => {
    expect(await actionsOf({ actor: "VIEWER@" })).toEqual(["token.create"]);
  });

  test("by actor id", async () => {
    expect(await actionsOf({ actor: viewer.userId! })).toEqual(["token.create"]);
  });

  test("by action prefix", async () => {
    expect(await actionsOf({ action: "user." })).toEqual(["user.disable", "user.change_role", "user.create"]);
  });

  test("by target type and id", async () => {
    expect(await actionsOf({ targetType: "user", targetId: "u-1" })).toEqual(["user.change_role", "user.create"]);
  });

  test("by time range, both ends inclusive", async () => {
    expect(await actionsOf({ from: at(10), to: at(20) })).toEqual(["token.create", "user.change_role"]);
  });

  test("never shows another workspace", async () => {
    const { events } = await listAuditEvents(database.db, admin, filter({ targetId: "u-9" }));

    expect(events).toEqual([]);
  });

  test("cursor pages from newest to oldest", async () => {
    const first = await listAuditEvents(database.db, admin, filter({ limit: 3 }));
    expect(first.events.map((event) => event.action)).toEqual(["user.disable", "token.create", "user.change_role"]);
    expect(first.nextCursor).not.toBeNull();

    const second = await listAuditEvents(database.db, admin, filter({ limit: 3, before: BigInt(first.nextCursor!) }));
    expect(second.events.map((event) => event.action)).toEqual(["user.create"]);
    expect(second.nextCursor).toBeNull();
  });

  test("action suggestions are distinct and workspace-scoped", async () => {
    expect(await listAuditActions(database.db, admin)).toEqual(["token.create", "user.change_role", "user.create", "user.disable"]);
  });
});

describe("actions write filterable events", () => {
  test("created user is found by actor, action and target", async () => {
    const created = await runAction(createUserAction, { email: "fresh@audit.test", name: "Fresh", role: "viewer", password: "long enough password" }, resolveAs(database.db, admin));
    if (!created.ok) throw new Error(created.error.code);
    await runAction(changeRoleAction, { userId: created.data.id, role: "product" }, resolveAs(database.db, admin));

    const { events } = await listAuditEvents(database.db, admin, filter({ actor: "admin@audit", targetType: "user", targetId: created.data.id, from: new Date(Date.now() - 60_000) }));

    expect(events.map((event) => event.action)).toEqual(["user.change_role", "user.create"]);
    expect(events[0]?.workspaceId).toBe(workspaceId);
  });
});

describe("parseAuditSearchParams", () => {
  test("reads datetime-local in the browser's zone", () => {
    // -480 is UTC+8, so 16:00 local is 08:00 UTC.
    const { filter: parsed, invalid } = parseAuditSearchParams({ from: "2026-03-01T16:00", to: "2026-03-01T16:10", tz: "-480" });

    expect(invalid).toEqual([]);
    expect(parsed.from?.toISOString()).toBe("2026-03-01T08:00:00.000Z");
    expect(parsed.to?.toISOString()).toBe("2026-03-01T08:10:59.999Z");
  });

  test("names unreadable fields and keeps the rest", () => {
    const { filter: parsed, invalid, values } = parseAuditSearchParams({ actor: "ada", from: "yesterday", before: "abc", tz: "9999" });

    expect(invalid.sort()).toEqual(["before", "from", "tz"]);
    expect(parsed.actor).toBe("ada");
    expect(parsed.from).toBeUndefined();
    expect(parsed.before).toBeUndefined();
    expect(values.from).toBe("yesterday");
  });

  test("takes the first of repeated params", () => {
    expect(parseAuditSearchParams({ action: ["user.", "token."] }).filter.action).toBe("user.");
  });

  test("uses the server zone without offset", () => {
    expect(localDateTimeToDate("2026-03-01T16:00:30", null)?.getTime()).toBe(new Date(2026, 2, 1, 16, 0, 30).getTime());
  });

  test("rejects impossible dates", () => {
    expect(localDateTimeToDate("2026-13-01T10:00", 0)).toBeNull();
    expect(localDateTimeToDate("2026-02-01T24:00", 0)).toBeNull();
  });

  test("query string round trip keeps filters and cursor", () => {
    const query = auditQueryString({ actor: "ada", action: "", from: "2026-03-01T16:00", tz: "-480" }, "42");

    expect(query).toBe("actor=ada&from=2026-03-01T16%3A00&tz=-480&before=42");
    const parsed = parseAuditSearchParams(Object.fromEntries(new URLSearchParams(query)));
    expect(parsed.filter.before).toBe(42n);
    expect(parsed.filter.actor).toBe("ada");
    expect(parsed.filter.from?.toISOString()).toBe("2026-03-01T08:00:00.000Z");
  });
});

describe("summarizeChanges", () => {
  test("renders diffs and plain values", () => {
    expect(summarizeChanges({ role: { from: "viewer", to: "admin" }, email: "a@b.test", locale: { from: null, to: "en" } })).toEqual([
      { field: "role", from: "viewer", to: "admin" },
      { field: "email", value: "a@b.test" },
      { field: "locale", from: "—", to: "en" },
    ]);
  });

  test("handles empty and long values", () => {
    expect(summarizeChanges(null)).toEqual([]);
    const [line] = summarizeChanges({ note: "x".repeat(200) });
    expect(line?.value).toHaveLength(80);
    expect(line?.value?.endsWith("…")).toBe(true);
  });
});
