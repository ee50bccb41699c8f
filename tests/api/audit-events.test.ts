import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listAuditEventsExport } from "@/app/api/v1/audit-events/route";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { apiRequest, handlerFor, readData, readJson, seedWorkspace, type ErrorBody } from "./fixtures";

let testDatabase: TestDatabase;
let seed: Awaited<ReturnType<typeof seedWorkspace>>;
let listAuditEvents: ReturnType<typeof handlerFor>;

type AuditEvent = { id: string; action: string; actorEmail: string | null; actorId: string | null; targetType: string; targetId: string | null; createdAt: string };
type Page = { data: AuditEvent[]; nextCursor: string | null };

beforeAll(async () => {
  testDatabase = await startTestDatabase();
  seed = await seedWorkspace(testDatabase.db);
  listAuditEvents = handlerFor(listAuditEventsExport, testDatabase.db);

  const other = await testDatabase.db.workspace.create({ data: { slug: "other", name: "Other" } });
  const event = (action: string, actor: { id: string; email: string }, targetType: string, targetId: string, createdAt: string, workspaceId = seed.workspace.id) => ({
    workspaceId,
    actorId: actor.id,
    actorEmail: actor.email,
    actorType: "token",
    action,
    targetType,
    targetId,
    createdAt: new Date(createdAt),
  });
  await testDatabase.db.auditEvent.createMany({
    data: [
      event("user.create", seed.admin, "user", "u-1", "2026-01-01T10:00:00Z"),
      event("user.change_role", seed.admin, "user", "u-1", "2026-01-02T10:00:00Z"),
      event("user.disable", seed.otherAdmin, "user", "u-2", "2026-01-03T10:00:00Z"),
      event("invitation.create", seed.otherAdmin, "invitation", "i-1", "2026-01-04T10:00:00Z"),
      event("token.create", seed.viewer, "personal_access_token", "t-1", "2026-01-05T10:00:00Z"),
      event("user.create", seed.admin, "user", "elsewhere", "2026-01-03T12:00:00Z", other.id),
    ],
  });
});

afterAll(async () => {
  await testDatabase?.stop();
});

async function page(query: string): Promise<Page> {
  const response = await listAuditEvents(apiRequest(`/audit-events${query}`, { token: seed.admin.token }));
  expect(response.status).toBe(200);
  const data = await readData<AuditEvent[]>(response.clone(), listAuditEventsExport);
  const body = await readJson<Page>(response);
  return { data, nextCursor: body.nextCursor };
}

describe("GET /api/v1/audit-events", () => {
  it("lists the workspace's events newest first", async () => {
    const { data, nextCursor } = await page("");

    expect(data.map((event) => event.action)).toEqual(["token.create", "invitation.create", "user.disable", "user.change_role", "user.create"]);
    expect(data.every((event) => typeof event.id === "string" && /^\d+$/.test(event.id))).toBe(true);
    expect(data.map((event) => event.targetId)).not.toContain("elsewhere");
    expect(nextCursor).toBeNull();
  });

  it("filters by action prefix", async () => {
    const { data } = await page("?action=user.");

    expect(data.map((event) => event.action)).toEqual(["user.disable", "user.change_role", "user.create"]);
  });

  it("filters by actor email substring", async () => {
    const { data } = await page("?actor=SECOND-admin");

    expect(data.map((event) => event.action)).toEqual(["invitation.create", "user.disable"]);
  });

  it("filters by actor id", async () => {
    const { data } = await page(`?actor=${seed.viewer.id}`);

    expect(data.map((event) => event.action)).toEqual(["token.create"]);
  });

  it("filters by target", async () => {
    const { data } = await page("?targetType=user&targetId=u-1");

    expect(data.map((event) => event.action)).toEqual(["user.change_role", "user.create"]);
  });

  it("filters by time range", async () => {
    const { data } = await page(`?from=${encodeURIComponent("2026-01-02T00:00:00Z")}&to=2026-01-04`);

    expect(data.map((event) => event.action)).toEqual(["user.disable", "user.change_role"]);
  });

  it("pages with nextCursor", async () => {
    const first = await page("?limit=2");
    const second = await page(`?limit=2&before=${first.nextCursor}`);
    const third = await page(`?limit=2&before=${second.nextCursor}`);

    expect(first.data.map((event) => event.action)).toEqual(["token.create", "invitation.create"]);
    expect(first.nextCursor).toBe(first.data[1]!.id);
    expect(second.data.map((event) => event.action)).toEqual(["user.disable", "user.change_role"]);
    expect(third.data.map((event) => event.action)).toEqual(["user.create"]);
    expect(third.nextCursor).toBeNull();
  });

  it.each([
    ["from", "?from=yesterday"],
    ["to", "?to=2026-13-45"],
    ["before", "?before=abc"],
    ["limit", "?limit=0"],
    ["limit", "?limit=201"],
    ["limit", "?limit=ten"],
  ])("names an invalid %s", async (field, query) => {
    const response = await listAuditEvents(apiRequest(`/audit-events${query}`, { token: seed.admin.token }));
    const body = await readJson<ErrorBody>(response);

    expect(response.status).toBe(400);
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(Object.keys(body.error.fields ?? {})).toEqual([field]);
    expect(body.error.message).toContain("query");
  });

  it("forbids a viewer", async () => {
    const response = await listAuditEvents(apiRequest("/audit-events", { token: seed.viewer.token }));

    expect(response.status).toBe(403);
  });
});
