import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createKeyExport } from "@/app/api/v1/api-keys/route";
import { POST as canaryExport } from "@/app/api/v1/deployments/[deploymentId]/canary/route";
import { DELETE as deleteExport, GET as getExport, PATCH as updateExport } from "@/app/api/v1/deployments/[deploymentId]/route";
import { GET as listExport, POST as createExport } from "@/app/api/v1/deployments/route";
import { startGatewayAdminHarness, type GatewayAdminHarness } from "./harness";

type ModelRef = { modelId: string; model: { name: string; providerName: string; callable: boolean } | null };
type Canary = ModelRef & { percent: number; maxErrorRate: number; maxP95Ms: number | null; minRequests: number; state: string; rolledBackAt: string | null; rollbackNote: string | null };
type DeploymentView = {
  id: string;
  name: string;
  description: string;
  targets: (ModelRef & { weight: number; percent: number })[];
  fallbacks: ModelRef[];
  canary: Canary | null;
  retries: number;
  retryBackoffMs: number;
  fallbackOn: number[];
  timeoutMs: number;
  cacheTtlSeconds: number;
  enabled: boolean;
};

let harness: GatewayAdminHarness;
let adminToken: string;
let models: GatewayAdminHarness["models"];
let counter = 0;

beforeAll(async () => {
  harness = await startGatewayAdminHarness();
  adminToken = harness.seed.admin.token;
  models = harness.models;
});

afterAll(async () => {
  await harness?.stop();
});

function chatBody(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return { name: `chat-${counter}`, targets: [{ modelId: models["qwen-chat"], weight: 1 }], ...overrides };
}

async function createDeployment(overrides: Record<string, unknown> = {}): Promise<DeploymentView> {
  return harness.call<DeploymentView>(createExport, "/deployments", { token: adminToken, body: chatBody(overrides) });
}

async function canary(deploymentId: string, body: Record<string, unknown>) {
  return harness.send(canaryExport, `/deployments/${deploymentId}/canary`, { token: adminToken, params: { deploymentId }, body });
}

describe("deployment creation", () => {
  it("stores targets, fallbacks and settings", async () => {
    const created = await createDeployment({
      name: "support/chat:v1.0_a-b",
      description: "Support bot",
      targets: [
        { modelId: models["qwen-chat"], weight: 3 },
        { modelId: models["deepseek-chat"], weight: 1 },
      ],
      fallbacks: [models["qwen-chat-v2"]],
      canary: { modelId: models["qwen-chat-v2"], percent: 10, maxErrorRate: 0.1, maxP95Ms: 5000, minRequests: 50 },
      retries: 3,
      retryBackoffMs: 100,
      fallbackOn: [503, 429, 429],
      timeoutMs: 30_000,
      cacheTtlSeconds: 600,
    });

    expect(created.name).toBe("support/chat:v1.0_a-b");
    expect(created.targets.map((target) => [target.weight, target.percent])).toEqual([
      [3, 75],
      [1, 25],
    ]);
    expect(created.targets[0]?.model).toMatchObject({ name: "qwen-chat", providerName: "Lab vLLM", callable: true });
    expect(created.fallbacks[0]?.modelId).toBe(models["qwen-chat-v2"]);
    expect(created.canary).toMatchObject({ modelId: models["qwen-chat-v2"], percent: 10, maxErrorRate: 0.1, maxP95Ms: 5000, minRequests: 50, state: "none" });
    expect(created).toMatchObject({ retries: 3, retryBackoffMs: 100, fallbackOn: [429, 503], timeoutMs: 30_000, cacheTtlSeconds: 600, enabled: true });
  });

  it("applies defaults", async () => {
    const created = await createDeployment();

    expect(created).toMatchObject({ description: "", fallbacks: [], canary: null, retries: 2, retryBackoffMs: 200, fallbackOn: [429, 500, 502, 503, 504], timeoutMs: 60_000, cacheTtlSeconds: 0, enabled: true });
  });

  it("accepts embeddings models", async () => {
    const created = await createDeployment({ targets: [{ modelId: models["bge-embed"], weight: 1 }], fallbacks: [models["bge-embed-v2"]] });

    expect(created.targets[0]?.model?.name).toBe("bge-embed");
  });

  it("is readable by every role", async () => {
    const created = await createDeployment();
    for (const member of [harness.engineer, harness.product, harness.seed.viewer]) {
      const list = await harness.call<DeploymentView[]>(listExport, "/deployments", { token: member.token });
      const single = await harness.call<DeploymentView>(getExport, `/deployments/${created.id}`, { token: member.token, params: { deploymentId: created.id } });

      expect(list.some((entry) => entry.id === created.id)).toBe(true);
      expect(single.name).toBe(created.name);
    }
  });
});

describe("deployment permissions", () => {
  it("refuse writes by non-admins", async () => {
    const created = await createDeployment({ canary: { modelId: models["deepseek-chat"], percent: 5 } });
    const deploymentId = created.id;
    for (const member of [harness.engineer, harness.product, harness.seed.viewer]) {
      const attempts = [
        await harness.send(createExport, "/deployments", { token: member.token, body: chatBody() }),
        await harness.send(updateExport, `/deployments/${deploymentId}`, { token: member.token, method: "PATCH", params: { deploymentId }, body: { retries: 0 } }),
        await harness.send(deleteExport, `/deployments/${deploymentId}`, { token: member.token, method: "DELETE", params: { deploymentId } }),
        await harness.send(canaryExport, `/deployments/${deploymentId}/canary`, { token: member.token, params: { deploymentId }, body: { action: "start" } }),
      ];
      for (const attempt of attempts) expect(attempt.response.status, member.email).toBe(403);
    }
    const row = await harness.db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect(row.retries).toBe(2);
    expect(row.canaryState).toBe("none");
  });
});

describe("deployment validation", () => {
  const fieldCases: { label: string; overrides: () => Record<string, unknown>; field: string }[] = [
    { label: "a name with spaces", overrides: () => ({ name: "support chat" }), field: "name" },
    { label: "a prompt: name", overrides: () => ({ name: "prompt:support" }), field: "name" },
    { label: "a long name", overrides: () => ({ name: "a".repeat(129) }), field: "name" },
    { label: "no targets", overrides: () => ({ targets: [] }), field: "targets" },
    { label: "a zero weight", overrides: () => ({ targets: [{ modelId: models["qwen-chat"], weight: 0 }] }), field: "targets.0.weight" },
    { label: "a negative weight", overrides: () => ({ targets: [{ modelId: models["qwen-chat"], weight: -2 }] }), field: "targets.0.weight" },
    {
      label: "a repeated target",
      overrides: () => ({ targets: [{ modelId: models["qwen-chat"], weight: 1 }, { modelId: models["qwen-chat"], weight: 2 }] }),
      field: "targets",
    },
    { label: "a fallback status outside the list", overrides: () => ({ fallbackOn: [404] }), field: "fallbackOn.0" },
    { label: "six retries", overrides: () => ({ retries: 6 }), field: "retries" },
    { label: "a short timeout", overrides: () => ({ timeoutMs: 10 }), field: "timeoutMs" },
    { label: "a negative cache TTL", overrides: () => ({ cacheTtlSeconds: -1 }), field: "cacheTtlSeconds" },
    { label: "a canary share over 100", overrides: () => ({ canary: { modelId: models["deepseek-chat"], percent: 101 } }), field: "canary.percent" },
    { label: "an error rate over 1", overrides: () => ({ canary: { modelId: models["deepseek-chat"], percent: 5, maxErrorRate: 2 } }), field: "canary.maxErrorRate" },
    { label: "an unknown field", overrides: () => ({ canaryState: "active" }), field: "canaryState" },
  ];

  for (const { label, overrides, field } of fieldCases) {
    it(`rejects ${label}`, async () => {
      const { response, body } = await harness.send(createExport, "/deployments", { token: adminToken, body: chatBody(overrides()) });

      expect(response.status).toBe(400);
      expect(body.error.code).toBe("INVALID_INPUT");
      expect(Object.keys(body.error.fields ?? {})).toContain(field);
    });
  }

  const modelCases: { label: string; overrides: () => Record<string, unknown>; reason: string; field: string }[] = [
    { label: "an unknown model", overrides: () => ({ targets: [{ modelId: "no-such-model", weight: 1 }] }), reason: "gateway.model_unknown", field: "targets.0.modelId" },
    { label: "another workspace's model", overrides: () => ({ targets: [{ modelId: models["foreign-chat"], weight: 1 }] }), reason: "gateway.model_unknown", field: "targets.0.modelId" },
    { label: "a disabled model", overrides: () => ({ fallbacks: [models["old-chat"]] }), reason: "gateway.model_disabled", field: "fallbacks.0" },
    { label: "a disabled provider", overrides: () => ({ canary: { modelId: models["off-chat"], percent: 5 } }), reason: "gateway.provider_disabled", field: "canary.modelId" },
    { label: "an audio-only model", overrides: () => ({ targets: [{ modelId: models.whisper, weight: 1 }] }), reason: "gateway.model_not_routable", field: "targets.0.modelId" },
    {
      label: "mixed capabilities",
      overrides: () => ({ targets: [{ modelId: models["qwen-chat"], weight: 1 }, { modelId: models["bge-embed"], weight: 1 }] }),
      reason: "gateway.capability_mismatch",
      field: "targets.1.modelId",
    },
    { label: "an embeddings fallback for chat", overrides: () => ({ fallbacks: [models["bge-embed"]] }), reason: "gateway.capability_mismatch", field: "fallbacks.0" },
  ];

  for (const { label, overrides, reason, field } of modelCases) {
    it(`rejects ${label}`, async () => {
      const { response, body } = await harness.send(createExport, "/deployments", { token: adminToken, body: chatBody(overrides()) });

      expect(response.status).toBe(400);
      expect(body.error.reason).toBe(reason);
      expect(body.error.fields?.[field]).toBeDefined();
    });
  }

  it("names both models on a capability mismatch", async () => {
    const { body } = await harness.send(createExport, "/deployments", { token: adminToken, body: chatBody({ fallbacks: [models["bge-embed"]] }) });

    expect(body.error.params).toEqual({ model: "bge-embed", capability: "embeddings", other: "qwen-chat", expected: "chat" });
  });

  it("rejects a taken name", async () => {
    const created = await createDeployment();
    const { response, body } = await harness.send(createExport, "/deployments", { token: adminToken, body: { ...chatBody(), name: created.name } });

    expect(response.status).toBe(409);
    expect(body.error.reason).toBe("gateway.deployment_name_taken");
  });

  it("leaves nothing behind on rejection", async () => {
    const before = await harness.db.deployment.count();
    await harness.send(createExport, "/deployments", { token: adminToken, body: chatBody({ targets: [{ modelId: "no-such-model", weight: 1 }] }) });

    expect(await harness.db.deployment.count()).toBe(before);
  });
});

describe("deployment changes", () => {
  it("update settings and record the diff", async () => {
    const created = await createDeployment();
    const deploymentId = created.id;
    const updated = await harness.call<DeploymentView>(updateExport, `/deployments/${deploymentId}`, {
      token: adminToken,
      method: "PATCH",
      params: { deploymentId },
      body: { targets: [{ modelId: models["deepseek-chat"], weight: 2 }], cacheTtlSeconds: 60, enabled: false },
    });
    const event = await harness.db.auditEvent.findFirstOrThrow({ where: { action: "deployments.update", targetId: deploymentId } });

    expect(updated.targets.map((target) => target.modelId)).toEqual([models["deepseek-chat"]]);
    expect(updated).toMatchObject({ cacheTtlSeconds: 60, enabled: false });
    expect(event.changes).toMatchObject({ cacheTtlSeconds: { from: 0, to: 60 }, enabled: { from: true, to: false } });
  });

  it("check models again on update", async () => {
    const created = await createDeployment();
    const { response, body } = await harness.send(updateExport, `/deployments/${created.id}`, {
      token: adminToken,
      method: "PATCH",
      params: { deploymentId: created.id },
      body: { fallbacks: [models["bge-embed"]] },
    });

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("gateway.capability_mismatch");
  });

  it("rename the deployment in API keys", async () => {
    const created = await createDeployment();
    const key = await harness.call<{ apiKey: { id: string } }>(createKeyExport, "/api-keys", { token: adminToken, body: { name: "Renamed access", allowedModels: [created.name] } });
    await harness.call(updateExport, `/deployments/${created.id}`, { token: adminToken, method: "PATCH", params: { deploymentId: created.id }, body: { name: `${created.name}-renamed` } });
    const row = await harness.db.apiKey.findUniqueOrThrow({ where: { id: key.apiKey.id } });

    expect(row.allowedModels).toEqual([`${created.name}-renamed`]);
  });

  it("delete the deployment", async () => {
    const created = await createDeployment();
    await harness.call(deleteExport, `/deployments/${created.id}`, { token: adminToken, method: "DELETE", params: { deploymentId: created.id } });
    const { response, body } = await harness.send(getExport, `/deployments/${created.id}`, { token: adminToken, params: { deploymentId: created.id } });
    const event = await harness.db.auditEvent.findFirst({ where: { action: "deployments.delete", targetId: created.id } });

    expect(response.status).toBe(404);
    expect(body.error.reason).toBe("gateway.deployment_not_found");
    expect(event?.actorId).toBe(harness.seed.admin.id);
  });

  it("404 for another workspace's deployment", async () => {
    const created = await createDeployment();
    await harness.db.deployment.update({ where: { id: created.id }, data: { workspaceId: "another-workspace" } });
    const { response } = await harness.send(updateExport, `/deployments/${created.id}`, { token: adminToken, method: "PATCH", params: { deploymentId: created.id }, body: { retries: 1 } });

    expect(response.status).toBe(404);
  });
});

describe("canary transitions", () => {
  it("start, roll back, resume and promote", async () => {
    const created = await createDeployment({ fallbacks: [models["qwen-chat-v2"]], canary: { modelId: models["deepseek-chat"], percent: 20 } });
    const id = created.id;

    const started = await canary(id, { action: "start" });
    const startedAgain = await canary(id, { action: "start" });
    const rolledBack = await canary(id, { action: "rollback", note: "Answers too long" });
    const promoteWhileRolledBack = await canary(id, { action: "promote" });
    const resumed = await canary(id, { action: "resume" });
    const promoted = await canary(id, { action: "promote" });

    expect((started.body.data as DeploymentView).canary?.state).toBe("active");
    expect(startedAgain.response.status).toBe(409);
    expect(startedAgain.body.error).toMatchObject({ reason: "gateway.canary_state", params: { action: "start", state: "active", expected: "none" } });
    expect((rolledBack.body.data as DeploymentView).canary).toMatchObject({ state: "rolled_back", rollbackNote: "Answers too long" });
    expect((rolledBack.body.data as DeploymentView).canary?.rolledBackAt).not.toBeNull();
    expect(promoteWhileRolledBack.response.status).toBe(409);
    expect((resumed.body.data as DeploymentView).canary).toMatchObject({ state: "active", rolledBackAt: null, rollbackNote: null });
    const final = promoted.body.data as DeploymentView;
    expect(final.canary).toBeNull();
    expect(final.targets.map((target) => [target.modelId, target.percent])).toEqual([[models["deepseek-chat"], 100]]);
    expect(final.fallbacks.map((fallback) => fallback.modelId)).toEqual([models["qwen-chat-v2"]]);

    const actions = (await harness.db.auditEvent.findMany({ where: { targetId: id, action: { startsWith: "deployments.canary_" } }, orderBy: { createdAt: "asc" } })).map((event) => event.action);
    expect(actions).toEqual(["deployments.canary_start", "deployments.canary_rollback", "deployments.canary_resume", "deployments.canary_promote"]);
  });

  it("show a rollback the gateway wrote", async () => {
    const created = await createDeployment({ canary: { modelId: models["deepseek-chat"], percent: 20, maxErrorRate: 0.1 } });
    await canary(created.id, { action: "start" });
    const rolledBackAt = new Date();
    await harness.db.deployment.update({ where: { id: created.id }, data: { canaryState: "rolled_back", canaryRolledBackAt: rolledBackAt, canaryRollbackNote: "error rate 0.35 > 0.1 over 20 requests" } });
    const view = await harness.call<DeploymentView>(getExport, `/deployments/${created.id}`, { token: harness.seed.viewer.token, params: { deploymentId: created.id } });
    const rollback = await canary(created.id, { action: "rollback" });

    expect(view.canary).toMatchObject({ state: "rolled_back", rolledBackAt: rolledBackAt.toISOString(), rollbackNote: "error rate 0.35 > 0.1 over 20 requests" });
    expect(rollback.response.status).toBe(409);
  });

  it("default a manual rollback note", async () => {
    const created = await createDeployment({ canary: { modelId: models["deepseek-chat"], percent: 20 } });
    await canary(created.id, { action: "start" });
    const rolledBack = await canary(created.id, { action: "rollback" });

    expect((rolledBack.body.data as DeploymentView).canary?.rollbackNote).toBe(`Rolled back by ${harness.seed.admin.email}`);
  });

  it("need a configured canary", async () => {
    const created = await createDeployment();
    const { response, body } = await canary(created.id, { action: "start" });

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("gateway.canary_not_configured");
  });

  it("need a share above zero to start", async () => {
    const created = await createDeployment({ canary: { modelId: models["deepseek-chat"], percent: 0 } });
    const { response, body } = await canary(created.id, { action: "start" });

    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("gateway.canary_zero_percent");
  });

  it("reject unknown actions", async () => {
    const created = await createDeployment({ canary: { modelId: models["deepseek-chat"], percent: 5 } });
    const { response, body } = await canary(created.id, { action: "pause" });

    expect(response.status).toBe(400);
    expect(body.error.fields?.action).toBeDefined();
  });

  it("restart after a new canary model", async () => {
    const created = await createDeployment({ canary: { modelId: models["deepseek-chat"], percent: 5 } });
    await canary(created.id, { action: "start" });
    const thresholds = await harness.call<DeploymentView>(updateExport, `/deployments/${created.id}`, {
      token: adminToken,
      method: "PATCH",
      params: { deploymentId: created.id },
      body: { canary: { modelId: models["deepseek-chat"], percent: 15 } },
    });
    const swapped = await harness.call<DeploymentView>(updateExport, `/deployments/${created.id}`, {
      token: adminToken,
      method: "PATCH",
      params: { deploymentId: created.id },
      body: { canary: { modelId: models["qwen-chat-v2"], percent: 15 } },
    });
    const removed = await harness.call<DeploymentView>(updateExport, `/deployments/${created.id}`, { token: adminToken, method: "PATCH", params: { deploymentId: created.id }, body: { canary: null } });
    const row = await harness.db.deployment.findUniqueOrThrow({ where: { id: created.id } });

    expect(thresholds.canary).toMatchObject({ percent: 15, state: "active" });
    expect(swapped.canary).toMatchObject({ modelId: models["qwen-chat-v2"], state: "none" });
    expect(removed.canary).toBeNull();
    expect(row.canaryState).toBe("none");
  });
});
