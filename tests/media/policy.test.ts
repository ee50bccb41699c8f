import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getPolicyExport, PUT as putPolicyExport } from "@/app/api/v1/media/policy/route";
import { applyMediaTextPolicy } from "@/lib/media/policy";
import { apiRequest, readData } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { handlerFor, seedWorkspace } from "../api/fixtures";

type Seed = Awaited<ReturnType<typeof seedWorkspace>>;

let database: TestDatabase;
let seed: Seed;

async function putPolicy(token: string, body: unknown): Promise<Response> {
  return handlerFor(putPolicyExport, database.db)(apiRequest("/media/policy", { token, method: "PUT", body }));
}

async function getPolicy(token: string): Promise<{ rawText: boolean }> {
  return readData<{ rawText: boolean }>(await handlerFor(getPolicyExport, database.db)(apiRequest("/media/policy", { token })), getPolicyExport);
}

beforeAll(async () => {
  database = await startTestDatabase();
  seed = await seedWorkspace(database.db);
}, 60_000);

afterAll(async () => {
  await database?.stop();
});

describe("media raw-text policy", () => {
  it("masks by default", async () => {
    expect(await getPolicy(seed.viewer.token)).toEqual({ rawText: false });
    expect(applyMediaTextPolicy("电话 13812345678", { rawText: false })).not.toContain("13812345678");
    expect(applyMediaTextPolicy("电话 13812345678", { rawText: true })).toBe("电话 13812345678");
  });

  it("lets an admin switch it on", async () => {
    const response = await putPolicy(seed.admin.token, { rawText: true });
    expect(response.status).toBe(200);
    expect(await getPolicy(seed.admin.token)).toEqual({ rawText: true });

    const workspace = await database.db.workspace.findUniqueOrThrow({ where: { id: seed.workspace.id } });
    expect(workspace.mediaRawText).toBe(true);
  });

  it("audits each change once", async () => {
    await putPolicy(seed.admin.token, { rawText: true });
    await putPolicy(seed.admin.token, { rawText: false });
    const events = await database.db.auditEvent.findMany({ where: { action: "media.policy_update" }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.changes)).toEqual([{ mediaRawText: { from: false, to: true } }, { mediaRawText: { from: true, to: false } }]);
  });

  it("forbids non-admins", async () => {
    const response = await putPolicy(seed.viewer.token, { rawText: true });
    expect(response.status).toBe(403);
    expect(await getPolicy(seed.admin.token)).toEqual({ rawText: false });
  });

  it("rejects a malformed body", async () => {
    expect((await putPolicy(seed.admin.token, { rawText: "yes" })).status).toBe(400);
    expect((await putPolicy(seed.admin.token, { rawText: true, extra: 1 })).status).toBe(400);
  });
});
