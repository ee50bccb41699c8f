import sharp from "sharp";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelExport } from "@/app/api/v1/extraction-runs/[runId]/cancel/route";
import { GET as exportExport } from "@/app/api/v1/extraction-runs/[runId]/export/route";
import { PATCH as editExport } from "@/app/api/v1/extraction-runs/[runId]/results/[resultId]/route";
import { GET as assetResultsExport } from "@/app/api/v1/extraction-results/route";
import { GET as getRunExport } from "@/app/api/v1/extraction-runs/[runId]/route";
import { POST as startRunExport } from "@/app/api/v1/extraction-runs/route";
import { DELETE as archiveSchemaExport } from "@/app/api/v1/extraction-schemas/[schemaId]/route";
import { GET as listSchemasExport, POST as createSchemaExport } from "@/app/api/v1/extraction-schemas/route";
import type { ChatMessage } from "@/lib/llm/types";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { workQueues } from "@/lib/queue/work";
import { registerInstance } from "@/lib/system/instance";
import { createHandlers } from "@/worker/handlers";
import { apiRequest, createMember, readData, readJson, withParams } from "../api/fixtures";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { waitFor } from "../helpers/wait-for";
import { registerFakeProvider } from "../playground/fixtures";
import { startMediaHarness, type MediaHarness } from "./harness";

type SchemaView = { id: string; name: string; columns: string[] };
type RunView = { id: string; status: string; total: number; completed: number; failed: number; error: string | null };
type Violation = { path: string; message: string; keyword: string; params: Record<string, string | number> };
type ResultView = {
  id: string;
  assetId: string;
  fileName: string | null;
  thumbnailUrl: string | null;
  status: string;
  data: Record<string, unknown> | null;
  errors: Violation[];
  edited: boolean;
};
type RunResults = { run: RunView; columns: string[]; results: ResultView[] };
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]>; reason?: string; params?: Record<string, string | number> } };

const PHONE = "13812345678";

const PRODUCT_SCHEMA = {
  type: "object",
  properties: {
    brand: { type: "string" },
    model: { type: "string" },
    price: { type: "number", minimum: 0 },
  },
  required: ["brand", "price"],
};

/** Replies of the models that return null for a field they cannot find. */
const NULL_ANSWERS: Record<string, string> = {
  "vision-optional-null": JSON.stringify({ brand: "Luodi", model: null, price: 2 }),
  "vision-required-null": JSON.stringify({ brand: null, model: "A1", price: 3 }),
};

/**
 * Answers of the "vision-mixed" model, one per call in order: valid, not JSON, violating the schema,
 * valid inside a code fence, then a provider error (a throwing reply becomes a 500).
 */
const MIXED_ANSWERS: (string | Error)[] = [
  JSON.stringify({ brand: "=HYPERLINK(\"x\")", model: "X1, large", price: 12.5 }),
  "I think the brand is Luodi.",
  JSON.stringify({ brand: 5, model: "A" }),
  '```json\n{"brand":"雪花","price":3}\n```',
  new Error("upstream exploded"),
];

let harness: MediaHarness;
let extractBoss: PgBoss;
let fake: FakeOpenAi;
let token: string;
let models: Record<string, string>;
let imageIds: string[] = [];
let mixedCalls = 0;

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

beforeAll(async () => {
  harness = await startMediaHarness();
  token = harness.seed.admin.token;

  fake = await startFakeOpenAi({
    reply: ({ model }) => {
      if (NULL_ANSWERS[model]) return NULL_ANSWERS[model];
      if (!model.startsWith("vision-mixed")) return JSON.stringify({ brand: "Luodi", price: 1 });
      const answer = MIXED_ANSWERS[mixedCalls++ % MIXED_ANSWERS.length]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  const registered = await registerFakeProvider(harness.db, harness.seed.workspace.id, fake.url, [
    { name: "vision-mixed", capabilities: ["chat", "vision"] },
    { name: "plain-chat", capabilities: ["chat"] },
    { name: "no-json-mode-vision", capabilities: ["chat", "vision"] },
    { name: "vision-optional-null", capabilities: ["chat", "vision"] },
    { name: "vision-required-null", capabilities: ["chat", "vision"] },
  ]);
  // A separate provider with a short timeout, so a hanging call ends soon after a cancel.
  const slow = await registerFakeProvider(harness.db, harness.seed.workspace.id, fake.url, [{ name: "hang-vision", capabilities: ["chat", "vision"] }], { timeoutMs: 1_500 });
  models = { ...registered.modelIds, ...slow.modelIds };

  // The real worker handler consumes media.extract through its own pg-boss instance on the same database.
  extractBoss = await startBoss(harness.database.url, { service: "test-extract-worker", log });
  const instance = await registerInstance(harness.db, "worker", { tests: "media-extract" });
  const handlers = createHandlers({ db: harness.db, instance, enqueue: harness.enqueue });
  await workQueues(extractBoss, queues, { "media.extract": handlers["media.extract"] }, { db: harness.db, log }, { concurrency: 1, pollingIntervalSeconds: 0.5 });

  const colours = ["#aa0000", "#00aa00", "#0000aa", "#aaaa00", "#00aaaa"];
  const files = await Promise.all(
    colours.map(async (background, index) => ({ name: `product-${index + 1}.png`, bytes: await sharp({ create: { width: 40, height: 30, channels: 3, background } }).png().toBuffer() })),
  );
  const uploaded = await harness.upload(token, files);
  for (const outcome of uploaded) imageIds.push((await harness.waitUntilProcessed(token, outcome.asset!.id)).id);
  await harness.db.mediaAsset.updateMany({ where: { id: { in: imageIds } }, data: { ocrStatus: "done", ocrText: `客服电话 ${PHONE}` } });
}, 120_000);

afterAll(async () => {
  await extractBoss?.stop({ graceful: false });
  await fake?.close();
  await harness?.stop();
});

async function createSchema(body: unknown, as = token): Promise<Response> {
  return harness.handler(createSchemaExport)(apiRequest("/extraction-schemas", { token: as, body }));
}

async function startRun(body: unknown, as = token): Promise<Response> {
  return harness.handler(startRunExport)(apiRequest("/extraction-runs", { token: as, body }));
}

async function readRun(runId: string): Promise<RunResults> {
  const response = await harness.handler(getRunExport)(apiRequest(`/extraction-runs/${runId}`, { token }), withParams({ runId }));
  return readData<RunResults>(response, getRunExport);
}

async function editResult(runId: string, resultId: string, data: unknown): Promise<Response> {
  return harness.handler(editExport)(apiRequest(`/extraction-runs/${runId}/results/${resultId}`, { token, method: "PATCH", body: { data } }), withParams({ runId, resultId }));
}

async function exportRun(runId: string, format: "csv" | "jsonl"): Promise<Response> {
  return harness.handler(exportExport)(apiRequest(`/extraction-runs/${runId}/export?format=${format}`, { token }), withParams({ runId }));
}

describe("extraction schemas", () => {
  it("rejects an invalid JSON Schema with its path", async () => {
    const response = await createSchema({ name: "broken", schema: { type: "object", properties: { price: { type: "nmber" } } } });
    expect(response.status).toBe(400);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.reason).toBe("mediaExtract.invalid_schema");
    expect(body.error.params?.path).toBe("/properties/price/type");
    expect(body.error.params?.keyword).toBe("enum");
    expect(String(body.error.params?.allowedValues)).toContain('"string"');
    expect(Object.keys(body.error.fields ?? {})).toEqual(["schema"]);
  });

  it("rejects a schema without object properties", async () => {
    const response = await createSchema({ name: "scalar", schema: { type: "string" } });
    expect(response.status).toBe(400);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.reason).toBe("mediaExtract.schema_not_object");
    expect(body.error.params?.path).toBe("/type");
    expect(body.error.params?.keyword).toBe("topLevelType");
    expect(Object.keys(body.error.fields ?? {})).toEqual(["schema"]);
  });

  it("names the schema field for every rejection", async () => {
    const cases = [
      { schema: { type: "array" }, reason: "mediaExtract.schema_not_object", path: "/type", keyword: "topLevelType" },
      { schema: { type: "object" }, reason: "mediaExtract.schema_not_object", path: "/properties", keyword: "topLevelProperties" },
      { schema: { type: "object", properties: {} }, reason: "mediaExtract.schema_not_object", path: "/properties", keyword: "topLevelProperties" },
      { schema: { type: "object", properties: { brand: { type: "nonsense" } } }, reason: "mediaExtract.invalid_schema", path: "/properties/brand/type", keyword: "enum" },
      { schema: { $schema: "https://example.test/draft-99", type: "object", properties: { a: {} } }, reason: "mediaExtract.invalid_schema", path: "/$schema", keyword: "unsupportedDraft" },
    ];
    for (const [index, entry] of cases.entries()) {
      const response = await createSchema({ name: `rejected-${index}`, schema: entry.schema });
      expect(response.status, JSON.stringify(entry.schema)).toBe(400);
      const body = await readJson<ErrorBody>(response);
      expect(body.error.reason, JSON.stringify(entry.schema)).toBe(entry.reason);
      expect(body.error.params?.path, JSON.stringify(entry.schema)).toBe(entry.path);
      expect(body.error.params?.keyword, JSON.stringify(entry.schema)).toBe(entry.keyword);
      expect(Object.keys(body.error.fields ?? {}), JSON.stringify(entry.schema)).toEqual(["schema"]);
    }
    expect(await harness.db.extractionSchema.count({ where: { name: { startsWith: "rejected-" } } })).toBe(0);
  });

  it("forbids viewers to create schemas", async () => {
    const response = await createSchema({ name: "viewer", schema: PRODUCT_SCHEMA }, harness.seed.viewer.token);
    expect(response.status).toBe(403);
  });

  it("creates, lists and archives a schema", async () => {
    const created = await readData<SchemaView>(await createSchema({ name: "temporary", schema: PRODUCT_SCHEMA }), createSchemaExport);
    expect(created.columns).toEqual(["brand", "model", "price"]);
    expect((await createSchema({ name: "temporary", schema: PRODUCT_SCHEMA })).status).toBe(409);

    const archived = await harness.handler(archiveSchemaExport)(apiRequest(`/extraction-schemas/${created.id}`, { token, method: "DELETE" }), withParams({ schemaId: created.id }));
    expect(archived.status).toBe(200);
    const listed = await readData<SchemaView[]>(await harness.handler(listSchemasExport)(apiRequest("/extraction-schemas", { token })), listSchemasExport);
    expect(listed.map((schema) => schema.id)).not.toContain(created.id);
    expect(await harness.db.auditEvent.count({ where: { targetId: created.id } })).toBe(2);
  });
});

describe("extraction runs", () => {
  let schemaId: string;
  let runId: string;
  let finished: RunResults;

  beforeAll(async () => {
    schemaId = (await readData<SchemaView>(await createSchema({ name: "products", schema: PRODUCT_SCHEMA }), createSchemaExport)).id;
  });

  it("rejects a model without vision", async () => {
    const response = await startRun({ schemaId, modelId: models["plain-chat"], assetIds: imageIds });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("mediaExtract.not_vision");
  });

  it("rejects an unknown image", async () => {
    const response = await startRun({ schemaId, modelId: models["vision-mixed"], assetIds: [...imageIds, "missing-image"] });
    expect(response.status).toBe(404);
    expect((await readJson<ErrorBody>(response)).error.reason).toBe("mediaExtract.image_not_found");
    expect(await harness.db.extractionRun.count()).toBe(0);
  });

  it("forbids viewers to start runs", async () => {
    const response = await startRun({ schemaId, modelId: models["vision-mixed"], assetIds: imageIds }, harness.seed.viewer.token);
    expect(response.status).toBe(403);
  });

  it("runs over five images", async () => {
    const response = await startRun({ schemaId, modelId: models["vision-mixed"], assetIds: imageIds });
    expect(response.status).toBe(201);
    const run = await readData<RunView>(response, startRunExport);
    expect(run.total).toBe(5);
    runId = run.id;

    finished = await waitFor("the extraction run to finish", async () => {
      const current = await readRun(runId);
      return current.run.status === "done" ? current : null;
    }, { timeoutMs: 60_000, intervalMs: 300 });
    expect(finished.run.completed).toBe(5);
    expect(finished.run.failed).toBe(1);
    expect(finished.columns).toEqual(["brand", "model", "price"]);
  });

  it("classifies each answer", async () => {
    const statuses = finished.results.map((result) => result.status).sort();
    expect(statuses).toEqual(["error", "invalid", "invalid", "valid", "valid"]);

    const keywords = finished.results.filter((result) => result.status === "invalid").flatMap((result) => result.errors.map((error) => error.keyword));
    expect(keywords).toContain("json");
    expect(keywords).toContain("required");
    expect(keywords).toContain("type");

    const fenced = finished.results.find((result) => result.data?.brand === "雪花");
    expect(fenced?.status).toBe("valid");
    const failed = finished.results.find((result) => result.status === "error");
    expect(failed?.errors[0]?.message).toMatch(/500/);
    expect(failed?.errors[0]?.keyword).toBe("upstream_status");
    expect(failed?.errors[0]?.params).toEqual({ status: 500 });
  });

  it("sends image, schema and masked text", async () => {
    const chats = fake.requests.filter((entry) => entry.path === "/v1/chat/completions");
    expect(chats.length).toBe(5);
    for (const chat of chats) {
      const body = chat.body as { messages: ChatMessage[]; response_format?: { type: string } };
      const parts = body.messages[0]!.content as { type: string; text?: string; image_url?: { url: string } }[];
      const text = parts.filter((part) => part.type === "text").map((part) => part.text).join("");
      expect(text).toContain('"price"');
      expect(text).toContain("客服电话");
      expect(text).not.toContain(PHONE);
      expect(parts.find((part) => part.type === "image_url")?.image_url?.url.startsWith("data:image/")).toBe(true);
      expect(body.response_format?.type).toBe("json_schema");
    }
    expect(await harness.db.requestLog.count({ where: { source: "media" } })).toBe(5);
  });

  it("revalidates an edited result", async () => {
    const invalid = finished.results.find((result) => result.status === "invalid")!;
    const fixed = await readData<ResultView>(await editResult(runId, invalid.id, { brand: "Luodi", price: 9.9 }), editExport);
    expect(fixed.status).toBe("valid");
    expect(fixed.errors).toEqual([]);
    expect(fixed.edited).toBe(true);
    expect(fixed.fileName).toBe(invalid.fileName);
    expect(fixed.fileName).toMatch(/^product-\d\.png$/);
    expect(fixed.thumbnailUrl).toBe(`/api/v1/media/${invalid.assetId}/thumbnail`);

    const broken = await readData<ResultView>(await editResult(runId, invalid.id, { brand: "Luodi", price: -1 }), editExport);
    expect(broken.status).toBe("invalid");
    expect(broken.errors.map((error) => error.keyword)).toEqual(["minimum"]);
    expect(await harness.db.auditEvent.count({ where: { action: "media.extraction_result.edit", targetId: invalid.id } })).toBe(2);
  });

  it("turns an edited error into valid", async () => {
    const failed = finished.results.find((result) => result.status === "error")!;
    expect((await readData<ResultView>(await editResult(runId, failed.id, { brand: "Fixed", price: 0 }), editExport)).status).toBe("valid");
    expect((await readRun(runId)).run.failed).toBe(0);
  });

  it("lists results of one image", async () => {
    const assetId = finished.results[0]!.assetId;
    const response = await harness.handler(assetResultsExport)(apiRequest(`/extraction-results?assetId=${assetId}`, { token: harness.seed.viewer.token }));
    const results = await readData<(ResultView & { runId: string; schemaName: string; columns: string[] })[]>(response, assetResultsExport);
    expect(results.length).toBe(1);
    expect(results[0]?.runId).toBe(runId);
    expect(results[0]?.schemaName).toBe("products");
    expect(results[0]?.columns).toEqual(["brand", "model", "price"]);
  });

  it("rejects an edit that is not an object", async () => {
    const first = finished.results[0]!;
    expect((await editResult(runId, first.id, ["not", "an", "object"])).status).toBe(400);
  });

  it("exports formula-safe CSV", async () => {
    const response = await exportRun(runId, "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n").filter((line) => line !== "");
    expect(lines[0]).toBe("asset_id,file_name,status,brand,model,price,errors");
    expect(lines.length).toBe(6);
    expect(text).toContain(`"'=HYPERLINK(""x"")","X1, large",12.5`);
    expect(text).toContain("雪花");
  });

  it("exports JSON Lines", async () => {
    const response = await exportRun(runId, "jsonl");
    const rows = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { assetId: string; status: string; data: unknown });
    expect(rows.length).toBe(5);
    expect(rows.map((row) => row.assetId).sort()).toEqual([...imageIds].sort());
  });

  it("refuses to cancel a finished run", async () => {
    const response = await harness.handler(cancelExport)(apiRequest(`/extraction-runs/${runId}/cancel`, { token, method: "POST" }), withParams({ runId }));
    expect(response.status).toBe(409);
  });

  it("falls back without JSON mode", async () => {
    const requestsBefore = fake.requests.length;
    const run = await readData<RunView>(await startRun({ schemaId, modelId: models["no-json-mode-vision"], assetIds: imageIds.slice(0, 2) }), startRunExport);
    const done = await waitFor("the fallback run to finish", async () => {
      const current = await readRun(run.id);
      return current.run.status === "done" ? current : null;
    }, { timeoutMs: 60_000, intervalMs: 300 });
    expect(done.results.map((result) => result.status)).toEqual(["valid", "valid"]);

    // One rejected call with response_format, then every image without it.
    const sent = fake.requests.slice(requestsBefore).map((entry) => (entry.body as { response_format?: unknown }).response_format !== undefined);
    expect(sent).toEqual([true, false, false]);
  });

  it("rejects an image still processing", async () => {
    const [image] = imageIds;
    await harness.db.mediaAsset.update({ where: { id: image }, data: { status: "processing" } });
    try {
      const response = await startRun({ schemaId, modelId: models["vision-mixed"], assetIds: [image] });
      expect(response.status).toBe(409);
      expect((await readJson<ErrorBody>(response)).error.reason).toBe("mediaExtract.image_not_ready");
    } finally {
      await harness.db.mediaAsset.update({ where: { id: image }, data: { status: "ready" } });
    }
  });

  it("stops a cancelled run", async () => {
    const run = await readData<RunView>(await startRun({ schemaId, modelId: models["hang-vision"], assetIds: imageIds }), startRunExport);
    await waitFor("the run to start", async () => ((await readRun(run.id)).run.status === "running" ? true : null), { timeoutMs: 30_000, intervalMs: 200 });

    const response = await harness.handler(cancelExport)(apiRequest(`/extraction-runs/${run.id}/cancel`, { token, method: "POST" }), withParams({ runId: run.id }));
    expect(response.status).toBe(200);
    expect((await readData<RunView>(response, cancelExport)).status).toBe("cancelled");

    // The call in flight times out after 1.5 s and is stored; the job then stops before the next image.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await readRun(run.id);
    expect(after.run.status).toBe("cancelled");
    expect(after.results.filter((result) => result.status === "pending").length).toBeGreaterThanOrEqual(3);
    expect(await harness.db.auditEvent.count({ where: { action: "media.extraction_run.cancel", targetId: run.id } })).toBe(1);
  });

  it("hides runs from other workspaces", async () => {
    const other = await harness.db.workspace.create({ data: { slug: "other", name: "Other workspace" } });
    const outsider = await createMember(harness.db, other.id, "outsider@example.com", "admin");
    const read = await harness.handler(getRunExport)(apiRequest(`/extraction-runs/${runId}`, { token: outsider.token }), withParams({ runId }));
    expect(read.status).toBe(404);

    const first = finished.results[0]!;
    const edit = await harness.handler(editExport)(
      apiRequest(`/extraction-runs/${runId}/results/${first.id}`, { token: outsider.token, method: "PATCH", body: { data: { brand: "x", price: 1 } } }),
      withParams({ runId, resultId: first.id }),
    );
    expect(edit.status).toBe(404);
    const listed = await harness.handler(assetResultsExport)(apiRequest(`/extraction-results?assetId=${first.assetId}`, { token: outsider.token }));
    expect(await readData<unknown[]>(listed, assetResultsExport)).toEqual([]);
    const exported = await harness.handler(exportExport)(apiRequest(`/extraction-runs/${runId}/export?format=csv`, { token: outsider.token }), withParams({ runId }));
    expect(exported.status).toBe(404);
  });
});

describe("fields not found", () => {
  let schemaId: string;

  beforeAll(async () => {
    schemaId = (await readData<SchemaView>(await createSchema({ name: "products with gaps", schema: PRODUCT_SCHEMA }), createSchemaExport)).id;
  });

  async function runToEnd(model: string): Promise<RunResults> {
    const run = await readData<RunView>(await startRun({ schemaId, modelId: models[model], assetIds: imageIds.slice(0, 1) }), startRunExport);
    return waitFor(`the ${model} run to finish`, async () => {
      const current = await readRun(run.id);
      return current.run.status === "done" ? current : null;
    }, { timeoutMs: 60_000, intervalMs: 300 });
  }

  it("accepts null for an optional field", async () => {
    const done = await runToEnd("vision-optional-null");
    const [result] = done.results;
    expect(result?.status).toBe("valid");
    expect(result?.errors).toEqual([]);
    expect(result?.data).toEqual({ brand: "Luodi", model: null, price: 2 });

    const csv = new TextDecoder().decode(new Uint8Array(await (await exportRun(done.run.id, "csv")).arrayBuffer()).slice(3));
    const row = csv.split("\r\n")[1]!;
    expect(row).toContain(",valid,Luodi,,2,");
    const jsonl = JSON.parse((await (await exportRun(done.run.id, "jsonl")).text()).trim()) as { data: Record<string, unknown> };
    expect(jsonl.data.model).toBeNull();
  });

  it("rejects null for a required field", async () => {
    const done = await runToEnd("vision-required-null");
    const [result] = done.results;
    expect(result?.status).toBe("invalid");
    expect(result?.errors).toHaveLength(1);
    expect(result?.errors[0]?.keyword).toBe("required");
    expect(result?.errors[0]?.path).toBe("");
    expect(result?.errors[0]?.params).toEqual({ missingProperty: "brand" });
    expect(result?.errors[0]?.message).toContain("null");
  });

  it("applies the same rule to edits", async () => {
    const done = await runToEnd("vision-optional-null");
    const resultId = done.results[0]!.id;
    const runId = done.run.id;

    const optional = await readData<ResultView>(await editResult(runId, resultId, { brand: "Edited", model: null, price: null }), editExport);
    expect(optional.status).toBe("invalid");
    expect(optional.errors.map((error) => [error.keyword, error.params.missingProperty])).toEqual([["required", "price"]]);

    const valid = await readData<ResultView>(await editResult(runId, resultId, { brand: "Edited", model: null, price: 4 }), editExport);
    expect(valid.status).toBe("valid");
    expect(valid.data).toEqual({ brand: "Edited", model: null, price: 4 });
    expect(valid.fileName).toMatch(/^product-\d\.png$/);
    expect(valid.thumbnailUrl).toBe(`/api/v1/media/${valid.assetId}/thumbnail`);

    const wrongType = await readData<ResultView>(await editResult(runId, resultId, { brand: "Edited", model: 7, price: 4 }), editExport);
    expect(wrongType.status).toBe("invalid");
    expect(wrongType.errors.map((error) => [error.path, error.keyword])).toEqual([["/model", "type"]]);
  });
});
