import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as labelFile from "@/app/api/v1/prompts/[name]/labels/[label]/route";
import * as labelsFile from "@/app/api/v1/prompts/[name]/labels/route";
import * as resolveFile from "@/app/api/v1/prompts/[name]/resolve/route";
import * as versionsFile from "@/app/api/v1/prompts/[name]/versions/route";
import * as templatesFile from "@/app/api/v1/prompts/route";
import { permissions, type Permission, type Role } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { moveLabel } from "@/lib/prompts/labels";
import { versionSpecInput } from "@/lib/prompts/schemas";
import { createVersion } from "@/lib/prompts/versions";
import { startPromptsHarness, type PromptsHarness } from "./harness";

type Label = { name: string; versionNumber: number; previousVersionNumber: number | null };

const NAME = "intent-classifier";

let harness: PromptsHarness;
let admin: string;

const spec = (system: string) => ({
  messages: [
    { role: "system", content: system },
    { role: "user", content: "{{text}}" },
  ],
  variables: [{ name: "text" }],
});

beforeAll(async () => {
  harness = await startPromptsHarness();
  admin = harness.seed.admin.token;
  await harness.call(templatesFile.POST, "/prompts", { token: admin, body: { name: NAME } });
  for (const system of ["Classify the intent.", "Classify the banking intent.", "Classify the banking intent. Reply with one label."]) {
    await harness.call(versionsFile.POST, `/prompts/${NAME}/versions`, { token: admin, params: { name: NAME }, body: spec(system) });
  }
});

afterAll(async () => {
  await harness?.stop();
});

const move = (label: string, version: number, token = admin) =>
  harness.send(labelFile.PUT, `/prompts/${NAME}/labels/${label}`, { token, params: { name: NAME, label }, method: "PUT", body: { version } });
const labels = () => harness.call<Label[]>(labelsFile.GET, `/prompts/${NAME}/labels`, { token: harness.seed.viewer.token, params: { name: NAME } });
const labelMoves = () => harness.db.auditEvent.findMany({ where: { action: "prompts.label_move" }, orderBy: { id: "asc" } });

describe("label permissions", () => {
  it("refuses viewers", async () => {
    const response = await move("production", 1, harness.seed.viewer.token);
    expect(response.status).toBe(403);
    expect(await labels()).toEqual([]);
  });

  it("refuses a role with prompts.write but not prompts.publish", async () => {
    // A permission table where product staff may write prompts but not publish them.
    const withoutPublish = (role: Role, permission: Permission) =>
      permission === "prompts.publish" ? role === "admin" : (permissions[permission] as readonly Role[]).includes(role);
    const product = harness.seed.product.actor;
    expect(withoutPublish(product.role, "prompts.write")).toBe(true);

    const created = await createVersion(harness.db, product, NAME, versionSpecInput.parse(spec("Written by product staff.")));
    expect(created.version.number).toBe(4);

    const refused = await moveLabel(harness.db, product, NAME, "production", 4, { can: withoutPublish }).catch((error: unknown) => error);
    if (!isAppError(refused)) throw new Error(`expected an AppError, got ${String(refused)}`);
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.options.reason).toBe("prompts.publish_required");
    expect(await labels()).toEqual([]);
  });

  it("lets the default product role publish", async () => {
    const response = await move("staging", 4, harness.seed.product.token);
    expect(response.status).toBe(200);
  });
});

describe("label moves", () => {
  it("publishes, audits and rolls back", async () => {
    expect((await move("production", 1)).status).toBe(200);
    expect((await move("production", 3)).status).toBe(200);

    const moved = (await labels()).find((label) => label.name === "production");
    expect(moved).toMatchObject({ versionNumber: 3, previousVersionNumber: 1 });

    // Rollback is moving the label back to the version it pointed at before.
    expect((await move("production", 1)).status).toBe(200);
    const resolved = await harness.call<{ number: number }>(resolveFile.GET, `/prompts/${NAME}/resolve?label=production`, { token: admin, params: { name: NAME } });
    expect(resolved.number).toBe(1);

    const events = (await labelMoves()).filter((event) => (event.changes as { label: string }).label === "production");
    expect(events.map((event) => event.changes)).toEqual([
      { label: "production", version: { from: null, to: 1 } },
      { label: "production", version: { from: 1, to: 3 } },
      { label: "production", version: { from: 3, to: 1 } },
    ]);
    expect(events.every((event) => event.actorId === harness.seed.admin.id && event.targetType === "prompt_template")).toBe(true);
    expect((await labels()).find((label) => label.name === "production")?.previousVersionNumber).toBe(3);
  });

  it("records nothing when the label already points there", async () => {
    const before = (await labelMoves()).length;
    expect((await move("production", 1)).status).toBe(200);
    expect(await labelMoves()).toHaveLength(before);
  });

  it("accepts custom labels and rejects bad names", async () => {
    expect((await move("canary-2", 2)).status).toBe(200);
    const bad = await move("Canary_2", 2);
    expect(bad.status).toBe(400);
  });

  it("rejects an unknown version", async () => {
    const response = await move("production", 99);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { reason: string } }).error.reason).toBe("prompts.version_not_found");
  });

  it("deletes a label", async () => {
    const response = await harness.send(labelFile.DELETE, `/prompts/${NAME}/labels/canary-2`, { token: admin, params: { name: NAME, label: "canary-2" }, method: "DELETE" });
    expect(response.status).toBe(200);
    const gone = await harness.fail(resolveFile.GET, `/prompts/${NAME}/resolve?label=canary-2`, { token: admin, params: { name: NAME } });
    expect(gone.error.reason).toBe("prompts.label_not_found");
    const events = await harness.db.auditEvent.findMany({ where: { action: "prompts.label_delete" } });
    expect(events.map((event) => event.changes)).toEqual([{ label: "canary-2", version: { from: 2, to: null } }]);
  });
});
