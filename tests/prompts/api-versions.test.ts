import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fewShotSetFile from "@/app/api/v1/few-shot-sets/[setId]/route";
import * as fewShotSetsFile from "@/app/api/v1/few-shot-sets/route";
import * as diffFile from "@/app/api/v1/prompts/[name]/diff/route";
import * as labelFile from "@/app/api/v1/prompts/[name]/labels/[label]/route";
import * as previewFile from "@/app/api/v1/prompts/[name]/preview/route";
import * as renderFile from "@/app/api/v1/prompts/[name]/render/route";
import * as resolveFile from "@/app/api/v1/prompts/[name]/resolve/route";
import * as templateFile from "@/app/api/v1/prompts/[name]/route";
import * as versionFile from "@/app/api/v1/prompts/[name]/versions/[number]/route";
import * as versionsFile from "@/app/api/v1/prompts/[name]/versions/route";
import * as templatesFile from "@/app/api/v1/prompts/route";
import { startPromptsHarness, type PromptsHarness } from "./harness";

type Template = { id: string; name: string; labels: { name: string; versionNumber: number }[]; latestVersionNumber: number | null };
type Example = { input: string; output: string };
type FewShotSet = { id: string; name: string; examples: Example[] };
type Version = { id: string; number: number; fewShotSetId: string | null; fewShotExamples: Example[]; strategy: { kind: string }; labels: string[] };
type Rendered = { version: { number: number }; messages: { role: string; content: string }[]; params: Record<string, unknown>; samples: number };
type Preview = { issues: { reason: string; params: Record<string, unknown> }[]; rendered: Rendered | null; maxSamples: number };
type Diff = { sections: { part: string; changed: boolean; lines: { kind: string; text: string }[] }[] };

const NAME = "support-reply";
const examples: Example[] = [
  { input: "我的卡丢了", output: "挂失" },
  { input: "退款什么时候到账？", output: "退款" },
  { input: "怎么改密码", output: "修改密码" },
];

function specBody(overrides: Record<string, unknown> = {}) {
  return {
    messages: [
      { role: "system", content: "你是{{company}}的客服，只输出意图。" },
      { role: "user", content: "用户：{{question}}" },
    ],
    variables: [{ name: "company", default: "落地银行" }, { name: "question", description: "The customer's message" }],
    strategy: { kind: "zero_shot" },
    params: { temperature: 0, max_tokens: 32 },
    message: "first",
    ...overrides,
  };
}

let harness: PromptsHarness;
let admin: string;
let viewer: string;
let setId: string;

beforeAll(async () => {
  harness = await startPromptsHarness();
  admin = harness.seed.admin.token;
  viewer = harness.seed.viewer.token;
  await harness.call(templatesFile.POST, "/prompts", { token: admin, body: { name: NAME, description: "Replies to support tickets" } });
  const set = await harness.call<FewShotSet>(fewShotSetsFile.POST, "/few-shot-sets", { token: admin, body: { name: "banking intents", examples } });
  setId = set.id;
});

afterAll(async () => {
  await harness?.stop();
});

const createVersion = (body: unknown, token = admin) => harness.call<Version>(versionsFile.POST, `/prompts/${NAME}/versions`, { token, params: { name: NAME }, body });
const failVersion = (body: unknown) => harness.fail(versionsFile.POST, `/prompts/${NAME}/versions`, { token: admin, params: { name: NAME }, body });
const getVersion = (number: number) => harness.call<Version>(versionFile.GET, `/prompts/${NAME}/versions/${number}`, { token: viewer, params: { name: NAME, number: String(number) } });

describe("prompt templates", () => {
  it("validates names", async () => {
    const invalid = await harness.fail(templatesFile.POST, "/prompts", { token: admin, body: { name: "Support Reply" } });
    expect(invalid.status).toBe(400);
    expect(invalid.error.fields?.name?.[0]).toContain("lower-case letters");

    const reserved = await harness.fail(templatesFile.POST, "/prompts", { token: admin, body: { name: "few-shot" } });
    expect(reserved.error.fields?.name?.[0]).toContain("reserved");

    const taken = await harness.fail(templatesFile.POST, "/prompts", { token: admin, body: { name: NAME } });
    expect(taken.status).toBe(409);
    expect(taken.error.reason).toBe("prompts.name_taken");
  });

  it("refuses viewers", async () => {
    const refused = await harness.fail(templatesFile.POST, "/prompts", { token: viewer, body: { name: "viewer-prompt" } });
    expect(refused.status).toBe(403);
  });

  it("updates the description", async () => {
    const updated = await harness.call<{ description: string }>(templateFile.PATCH, `/prompts/${NAME}`, {
      token: admin,
      params: { name: NAME },
      method: "PATCH",
      body: { description: "Replies to support tickets in Chinese" },
    });
    expect(updated.description).toBe("Replies to support tickets in Chinese");
  });
});

describe("few-shot sets", () => {
  it("bounds examples", async () => {
    const tooMany = Array.from({ length: 201 }, (_, index) => ({ input: `q${index}`, output: "a" }));
    const many = await harness.fail(fewShotSetsFile.POST, "/few-shot-sets", { token: admin, body: { name: "too many", examples: tooMany } });
    expect(many.status).toBe(400);
    expect(many.error.fields?.examples?.[0]).toContain("200");

    const long = await harness.fail(fewShotSetsFile.POST, "/few-shot-sets", { token: admin, body: { name: "too long", examples: [{ input: "x".repeat(7_990), output: "y".repeat(20) }] } });
    expect(long.error.fields?.["examples.0"]?.[0]).toContain("8000");
  });

  it("rejects a duplicate name", async () => {
    const taken = await harness.fail(fewShotSetsFile.POST, "/few-shot-sets", { token: admin, body: { name: "banking intents" } });
    expect(taken.error.reason).toBe("prompts.few_shot_name_taken");
  });
});

describe("prompt versions", () => {
  it("numbers versions and snapshots few-shot examples", async () => {
    const first = await createVersion(specBody({ fewShotSetId: setId, strategy: { kind: "few_shot", shots: 2 } }));
    expect(first.number).toBe(1);
    expect(first.fewShotSetId).toBe(setId);
    expect(first.fewShotExamples).toEqual(examples);

    const second = await createVersion(specBody({ message: "second", fewShotExamples: [examples[0]], strategy: { kind: "chain_of_thought" } }));
    expect(second.number).toBe(2);
    expect(second.fewShotSetId).toBeNull();
  });

  it("keeps the snapshot after the set changes", async () => {
    await harness.call(fewShotSetFile.PATCH, `/few-shot-sets/${setId}`, {
      token: admin,
      params: { setId },
      method: "PATCH",
      body: { examples: [{ input: "changed", output: "changed" }] },
    });
    await harness.call(fewShotSetFile.DELETE, `/few-shot-sets/${setId}`, { token: admin, params: { setId }, method: "DELETE" });

    const first = await getVersion(1);
    expect(first.fewShotExamples).toEqual(examples);
  });

  it("offers no way to change a version", () => {
    expect(Object.keys(versionFile).filter((key) => ["PUT", "PATCH", "DELETE", "POST"].includes(key))).toEqual([]);
  });

  it("refuses an undeclared variable at save", async () => {
    const { status, error } = await failVersion(specBody({ variables: [{ name: "company" }] }));
    expect(status).toBe(400);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.reason).toBe("prompts.undefined_variable");
    expect(error.params).toMatchObject({ name: "question", message: 1, offset: 3 });
  });

  it("refuses unclosed braces with their offset", async () => {
    const { error } = await failVersion(specBody({ messages: [{ role: "user", content: "问题 {{question" }], variables: [{ name: "question" }] }));
    expect(error.reason).toBe("prompts.unclosed_placeholder");
    expect(error.params).toMatchObject({ message: 0, offset: 3 });
  });

  it("refuses an invalid JSON Schema", async () => {
    const { error } = await failVersion(specBody({ outputSchema: { type: "object", properties: { intent: { type: "text" } } } }));
    expect(error.reason).toBe("prompts.invalid_schema");
    expect(error.params?.path).toBe("/properties/intent/type");
    expect(error.message).toContain("must be equal to one of the allowed values");
  });

  it("refuses too many self-consistency samples", async () => {
    const { error } = await failVersion(specBody({ strategy: { kind: "self_consistency", samples: 11 } }));
    expect(error.reason).toBe("prompts.too_many_samples");
    expect(error.params).toEqual({ samples: 11, max: 10 });
  });

  it("refuses an unknown few-shot set", async () => {
    const { status, error } = await failVersion(specBody({ fewShotSetId: setId }));
    expect(status).toBe(404);
    expect(error.reason).toBe("prompts.few_shot_set_not_found");
  });

  it("diffs two versions line by line", async () => {
    const diff = await harness.call<Diff>(diffFile.GET, `/prompts/${NAME}/diff?from=1&to=2`, { token: viewer, params: { name: NAME } });
    const strategy = diff.sections.find((section) => section.part === "strategy")!;
    expect(strategy.changed).toBe(true);
    expect(strategy.lines).toEqual(
      expect.arrayContaining([
        { kind: "removed", text: '  "kind": "few_shot",' },
        { kind: "added", text: '  "kind": "chain_of_thought"' },
      ]),
    );
    expect(diff.sections.find((section) => section.part === "messages")!.changed).toBe(false);
  });

  it("previews an unsaved spec", async () => {
    const path = `/prompts/${NAME}/preview`;
    const broken = await harness.call<Preview>(previewFile.POST, path, { token: admin, params: { name: NAME }, body: { spec: specBody({ variables: [] }), values: {} } });
    expect(broken.rendered).toBeNull();
    expect(broken.issues.map((issue) => issue.params.name)).toEqual(["company", "question"]);
    expect(broken.maxSamples).toBe(10);

    const missing = await harness.call<Preview>(previewFile.POST, path, { token: admin, params: { name: NAME }, body: { spec: specBody(), values: {} } });
    expect(missing.issues.map((issue) => issue.reason)).toEqual(["prompts.missing_value"]);

    const ok = await harness.call<Preview>(previewFile.POST, path, { token: admin, params: { name: NAME }, body: { spec: specBody(), values: { question: "卡被吞了" } } });
    expect(ok.issues).toEqual([]);
    expect(ok.rendered?.messages.map((message) => message.content)).toEqual(["你是落地银行的客服，只输出意图。", "用户：卡被吞了"]);
  });
});

describe("resolve and render", () => {
  beforeAll(async () => {
    await harness.call(labelFile.PUT, `/prompts/${NAME}/labels/production`, { token: admin, params: { name: NAME, label: "production" }, method: "PUT", body: { version: 1 } });
  });

  it("resolves name@label and a version number", async () => {
    const byLabel = await harness.call<Version>(resolveFile.GET, `/prompts/${NAME}/resolve?label=production`, { token: viewer, params: { name: NAME } });
    expect(byLabel.number).toBe(1);
    expect(byLabel.fewShotExamples).toEqual(examples);

    const byNumber = await harness.call<Version>(resolveFile.GET, `/prompts/${NAME}/resolve?version=2`, { token: viewer, params: { name: NAME } });
    expect(byNumber.number).toBe(2);

    const unknown = await harness.fail(resolveFile.GET, `/prompts/${NAME}/resolve?label=staging`, { token: viewer, params: { name: NAME } });
    expect(unknown.status).toBe(404);
    expect(unknown.error.reason).toBe("prompts.label_not_found");

    const neither = await harness.fail(resolveFile.GET, `/prompts/${NAME}/resolve`, { token: viewer, params: { name: NAME } });
    expect(neither.error.reason).toBe("prompts.label_or_version");
  });

  it("renders the production version with values", async () => {
    const rendered = await harness.call<Rendered>(renderFile.POST, `/prompts/${NAME}/render`, {
      token: viewer,
      params: { name: NAME },
      body: { label: "production", variables: { question: "信用卡被盗刷了" } },
    });
    expect(rendered.version.number).toBe(1);
    expect(rendered.samples).toBe(1);
    expect(rendered.params).toEqual({ temperature: 0, max_tokens: 32 });
    expect(rendered.messages).toEqual([
      { role: "system", content: "你是落地银行的客服，只输出意图。" },
      { role: "user", content: "我的卡丢了" },
      { role: "assistant", content: "挂失" },
      { role: "user", content: "退款什么时候到账？" },
      { role: "assistant", content: "退款" },
      { role: "user", content: "用户：信用卡被盗刷了" },
    ]);
  });

  it("renders chain-of-thought in Chinese", async () => {
    const rendered = await harness.call<Rendered>(renderFile.POST, `/prompts/${NAME}/render`, {
      token: viewer,
      params: { name: NAME },
      body: { version: 2, variables: { question: "改密码" } },
    });
    expect(rendered.messages.at(-1)?.content).toContain("答案：<答案>");
  });

  it("reports a missing value", async () => {
    const { status, error } = await harness.fail(renderFile.POST, `/prompts/${NAME}/render`, { token: viewer, params: { name: NAME }, body: { label: "production" } });
    expect(status).toBe(400);
    expect(error.reason).toBe("prompts.missing_value");
    expect(error.params).toMatchObject({ name: "question", message: 1 });
  });

  it("lists templates with label badges", async () => {
    const templates = await harness.call<Template[]>(templatesFile.GET, "/prompts", { token: viewer });
    const template = templates.find((item) => item.name === NAME)!;
    expect(template.labels).toEqual([{ name: "production", versionNumber: 1 }]);
    expect(template.latestVersionNumber).toBe(2);
  });

  it("audits template, version and set changes", async () => {
    const events = await harness.db.auditEvent.findMany({ where: { action: { startsWith: "prompts." } }, orderBy: { id: "asc" } });
    const actions = events.map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(["prompts.create", "prompts.update", "prompts.few_shot_create", "prompts.version_create", "prompts.few_shot_update", "prompts.few_shot_delete", "prompts.label_move"]),
    );
    expect(actions.filter((action) => action === "prompts.version_create")).toHaveLength(2);
  });
});
