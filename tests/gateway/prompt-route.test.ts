import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayHarness, type GatewayHarness, type OpenAiErrorBody } from "./gateway-harness";

let harness: GatewayHarness;
let key: { key: string; id: string };
let versionId: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  const { db, workspace } = harness;

  const template = await db.promptTemplate.create({ data: { workspaceId: workspace.id, name: "support-reply" } });
  const version = await db.promptVersion.create({
    data: {
      templateId: template.id,
      number: 1,
      messages: [{ role: "system", content: "You help {{customer}} of {{shop}} politely." }],
      variables: [{ name: "customer" }, { name: "shop", default: "Luodi Mart" }],
      strategy: { kind: "zero_shot" },
      params: { temperature: 0.2 },
      modelId: harness.modelId("fake-chat"),
    },
  });
  versionId = version.id;
  await db.promptLabel.create({ data: { templateId: template.id, name: "production", versionId: version.id } });

  const draft = await db.promptVersion.create({
    data: { templateId: template.id, number: 2, messages: [{ role: "system", content: "Draft for {{customer}}." }], variables: [{ name: "customer" }], strategy: { kind: "zero_shot" }, modelId: null },
  });
  await db.promptLabel.create({ data: { templateId: template.id, name: "staging", versionId: draft.id } });

  key = await harness.createKey({ allowedModels: ["prompt:support-reply"] });
  await harness.refresh();
});

afterAll(async () => {
  await harness?.stop();
});

function call(model: string, extra: Record<string, unknown> = {}, apiKey = key.key) {
  return harness.post("/v1/chat/completions", { model, messages: [{ role: "user", content: "Where is my parcel?" }], ...extra }, { key: apiKey });
}

describe("gateway prompt addresses", () => {
  it("renders the labelled version and sends it to its model", async () => {
    const response = await call("prompt:support-reply@production", { variables: { customer: "Li Lei" }, max_tokens: 50 });
    const body = (await response.json()) as { model: string; choices: Array<{ message: { content: string } }> };

    expect(response.status).toBe(200);
    expect(body.model).toBe("prompt:support-reply@production");
    expect(body.choices[0]?.message.content).toBe("Echo: Where is my parcel?");

    const upstream = harness.fake.requests.at(-1)!.body as Record<string, unknown>;
    expect(upstream.model).toBe("fake-chat");
    expect(upstream.messages).toEqual([
      { role: "system", content: "You help Li Lei of Luodi Mart politely." },
      { role: "user", content: "Where is my parcel?" },
    ]);
    expect(upstream.temperature).toBe(0.2);
    expect(upstream.max_tokens).toBe(50);
    expect(upstream).not.toHaveProperty("variables");
  });

  it("uses the production label when none is given", async () => {
    const response = await call("prompt:support-reply", { variables: { customer: "Han Meimei" } });

    expect(response.status).toBe(200);
    const [row] = await harness.waitForLogs({ route: "prompt:support-reply@production", promptVersionId: versionId }, 2);
    expect(row).toMatchObject({ status: "ok", modelId: harness.modelId("fake-chat"), deploymentId: null });
  });

  it("names every missing variable", async () => {
    const response = await call("prompt:support-reply@production");
    const { error } = (await response.json()) as OpenAiErrorBody;

    expect(response.status).toBe(400);
    expect(error).toMatchObject({ type: "invalid_request_error", param: "variables", code: "missing_variables" });
    expect(error.message).toContain('"customer"');
    expect(error.message).not.toContain('"shop"');
  });

  it("rejects a version without a model", async () => {
    const response = await call("prompt:support-reply@staging", { variables: { customer: "Li Lei" } });
    const { error } = (await response.json()) as OpenAiErrorBody;

    expect(response.status).toBe(400);
    expect(error.code).toBe("prompt_without_model");
    expect(error.message).toContain("version 2");
  });

  it("answers 404 for an unknown label", async () => {
    const response = await call("prompt:support-reply@canary", { variables: { customer: "Li Lei" } });
    const { error } = (await response.json()) as OpenAiErrorBody;

    expect(response.status).toBe(404);
    expect(error.code).toBe("model_not_found");
    expect(error.message).toContain('no label "canary"');
  });

  it("answers 404 for an unknown prompt", async () => {
    const other = await harness.createKey({ allowedModels: ["*"] });
    await harness.refresh();
    const response = await call("prompt:nothing-here", {}, other.key);
    const { error } = (await response.json()) as OpenAiErrorBody;

    expect(response.status).toBe(404);
    expect(error.message).toContain('no prompt named "nothing-here"');
  });

  it("refuses a key without the prompt", async () => {
    const other = await harness.createKey({ allowedModels: ["prompt:another"] });
    await harness.refresh();
    const response = await call("prompt:support-reply@production", { variables: { customer: "Li Lei" } }, other.key);
    const { error } = (await response.json()) as OpenAiErrorBody;

    expect(response.status).toBe(403);
    expect(error).toMatchObject({ type: "permission_error", code: "model_not_allowed" });
    expect(error.message).toContain("prompt:support-reply");
  });
});
