import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rotateExport } from "@/app/api/v1/api-keys/[keyId]/rotate/route";
import { GET as getKeyExport, PATCH as updateKeyExport } from "@/app/api/v1/api-keys/[keyId]/route";
import { POST as createKeyExport } from "@/app/api/v1/api-keys/route";
import { startGatewayAdminHarness, type GatewayAdminHarness } from "../gateway-admin/harness";

type KeyView = { id: string; fineTuningEnabled: boolean };
type Created = { apiKey: KeyView; key: string };

let harness: GatewayAdminHarness;
let adminToken: string;

beforeAll(async () => {
  harness = await startGatewayAdminHarness();
  adminToken = harness.seed.admin.token;
});

afterAll(async () => {
  await harness?.stop();
});

describe("API key fineTuningEnabled setting", () => {
  it("is off unless an admin turns it on", async () => {
    const created = await harness.call<Created>(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Default key" } });
    expect(created.apiKey.fineTuningEnabled).toBe(false);
  });

  it("is set, changed, audited and kept by rotation", async () => {
    const created = await harness.call<Created>(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Trainer key", fineTuningEnabled: true } });
    const keyId = created.apiKey.id;
    expect(created.apiKey.fineTuningEnabled).toBe(true);

    const rotated = await harness.call<Created>(rotateExport, `/api-keys/${keyId}/rotate`, { token: adminToken, params: { keyId }, body: { graceSeconds: 0 } });
    expect(rotated.apiKey.fineTuningEnabled).toBe(true);

    const newId = rotated.apiKey.id;
    await harness.call(updateKeyExport, `/api-keys/${newId}`, { token: adminToken, params: { keyId: newId }, method: "PATCH", body: { fineTuningEnabled: false } });
    const read = await harness.call<KeyView>(getKeyExport, `/api-keys/${newId}`, { token: adminToken, params: { keyId: newId } });
    expect(read.fineTuningEnabled).toBe(false);

    const audit = await harness.db.auditEvent.findFirst({ where: { action: "api_keys.update", targetId: newId }, orderBy: { id: "desc" } });
    expect(audit?.changes).toMatchObject({ fineTuningEnabled: { from: true, to: false } });
  });
});
