import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { POST as cancelExport } from "@/app/api/v1/experiments/[experimentId]/cancel/route";
import { GET as resultExport } from "@/app/api/v1/experiments/[experimentId]/results/[resultId]/route";
import { GET as resultsExport } from "@/app/api/v1/experiments/[experimentId]/results/route";
import { POST as createExport } from "@/app/api/v1/experiments/route";
import { createExperiment } from "@/lib/experiments/experiments";
import { runExperimentJob } from "@/lib/experiments/experiment-job";
import { createExperimentInput } from "@/lib/experiments/schemas";
import { wilsonInterval } from "@/lib/experiments/stats";
import { createTemplate } from "@/lib/prompts/templates";
import { createVersion } from "@/lib/prompts/versions";
import { versionSpecInput } from "@/lib/prompts/schemas";
import { apiRequest, readJson } from "../api/fixtures";
import { waitFor } from "../helpers/wait-for";
import { startExperimentHarness, type ExperimentHarness, type ExperimentView } from "./harness";

// Experiments from the API to stored results, through the real queue and the worker's handlers, against
// the fake OpenAI-compatible provider, on 50 CrossWOZ user turns imported through the real import path.

type ResultSummary = { id: string; variantId: string; rowKey: string; status: string; correct: boolean | null; error: string | null; expected: string | null; answer: string | null };
type ResultDetail = ResultSummary & {
  output: string | null;
  agreement: number | null;
  samples: Array<{ output: string; answer: string | null; error?: { kind: string; message: string; httpStatus?: number } }>;
  request: { messages: Array<{ role: string; content: string }> } | null;
};
type ErrorBody = { error: { code: string; reason?: string; params?: Record<string, string | number> } };

const log = pino({ level: "silent" });
let harness: ExperimentHarness;
let classifierModelId: string;

beforeAll(async () => {
  harness = await startExperimentHarness();
  const provider = await harness.addProvider("fake");
  classifierModelId = (await harness.addModel(provider.id, "intent-classifier")).id;
}, 240_000);

afterAll(async () => {
  await harness?.stop();
});

async function create(body: Record<string, unknown>, token = harness.admin.token): Promise<ExperimentView> {
  return harness.call<ExperimentView>(createExport, "/experiments", { token, body });
}

async function createFailing(body: Record<string, unknown>, token = harness.admin.token): Promise<{ status: number; body: ErrorBody }> {
  const response = await harness.handler(createExport)(apiRequest("/experiments", { token, body }));
  return { status: response.status, body: await readJson<ErrorBody>(response) };
}

async function listResults(experimentId: string, query: string): Promise<ResultSummary[]> {
  return harness.call<ResultSummary[]>(resultsExport, `/experiments/${experimentId}/results?${query}`, { token: harness.admin.token, params: { experimentId } });
}

async function openResult(experimentId: string, resultId: string): Promise<ResultDetail> {
  return harness.call<ResultDetail>(resultExport, `/experiments/${experimentId}/results/${resultId}`, { token: harness.admin.token, params: { experimentId, resultId } });
}

function fourStrategies(modelId: string) {
  return [
    { promptVersionId: harness.promptVersionId, modelId, strategy: { kind: "zero_shot" }, label: "zero-shot" },
    { promptVersionId: harness.promptVersionId, modelId, strategy: { kind: "few_shot" }, label: "few-shot" },
    { promptVersionId: harness.promptVersionId, modelId, strategy: { kind: "chain_of_thought" }, label: "chain-of-thought" },
    { promptVersionId: harness.promptVersionId, modelId, strategy: { kind: "self_consistency", samples: 3 }, label: "self-consistency" },
  ];
}

describe("four-strategy experiment", () => {
  let experiment: ExperimentView;

  beforeAll(async () => {
    const created = await create({ name: "四种策略", datasetVersionId: harness.datasetVersionId, rowLimit: 50, variants: fourStrategies(classifierModelId), concurrency: 4 });
    expect(created.totalRows).toBe(50);
    expect(created.totalCalls).toBe(50 * (1 + 1 + 1 + 3));
    experiment = await harness.waitForExperiment(created.id, 240_000);
  }, 300_000);

  it("completes with every call done", () => {
    expect(experiment.status).toBe("completed");
    expect(experiment.doneCalls).toBe(experiment.totalCalls);
    expect(experiment.failedCalls).toBe(0);
    expect(experiment.progress).toBe(1);
  });

  it("stores one result per row and variant", async () => {
    expect(await harness.db.experimentResult.count({ where: { experimentId: experiment.id } })).toBe(200);
    for (const variant of experiment.variants) {
      expect(await harness.db.experimentResult.count({ where: { variantId: variant.id } }), variant.label).toBe(50);
    }
  });

  it("summarises accuracy with a Wilson interval", async () => {
    const accuracies = new Set<number>();
    for (const variant of experiment.variants) {
      const summary = variant.summary!;
      const correct = await harness.db.experimentResult.count({ where: { variantId: variant.id, correct: true } });
      expect(summary.scored, variant.label).toBe(50);
      expect(summary.correct, variant.label).toBe(correct);
      expect(summary.accuracy, variant.label).toBeCloseTo(correct / 50, 9);
      const interval = wilsonInterval(correct, 50)!;
      expect(summary.ci95?.low).toBeCloseTo(interval.low, 9);
      expect(summary.ci95?.high).toBeCloseTo(interval.high, 9);
      expect(summary.latencyP50Ms, variant.label).not.toBeNull();
      expect(summary.latencyP95Ms!, variant.label).toBeGreaterThanOrEqual(summary.latencyP50Ms!);
      expect(summary.inputTokens, variant.label).toBeGreaterThan(0);
      expect(summary.currency, variant.label).toBe("CNY");
      expect(summary.cost!, variant.label).toBeGreaterThan(0);
      accuracies.add(summary.correct);
    }
    // The stand-in classifier is right more often with examples and reasoning, so the strategies differ.
    expect(accuracies.size).toBeGreaterThan(1);
    const byLabel = Object.fromEntries(experiment.variants.map((variant) => [variant.label, variant.summary!]));
    expect(byLabel["self-consistency"]!.meanAgreement).toBeGreaterThan(0);
    expect(byLabel["zero-shot"]!.meanAgreement).toBeNull();
  });

  it("logs every call in the usage log", async () => {
    const logs = await harness.db.requestLog.findMany({ where: { experimentId: experiment.id } });
    expect(logs).toHaveLength(300);
    expect(logs.every((entry) => entry.source === "experiment" && entry.promptVersionId === harness.promptVersionId && entry.status === "ok")).toBe(true);
  });

  it("opens a wrong row with its request and samples", async () => {
    const selfConsistency = experiment.variants.find((variant) => variant.label === "self-consistency")!;
    const wrong = await listResults(experiment.id, `variantId=${selfConsistency.id}&filter=wrong&limit=5`);
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.every((result) => result.correct === false && result.status === "ok")).toBe(true);

    const detail = await openResult(experiment.id, wrong[0]!.id);
    expect(detail.samples).toHaveLength(3);
    expect(detail.agreement).toBeGreaterThan(0);
    expect(detail.answer).not.toBe(detail.expected);
    expect(detail.request?.messages.at(-1)?.content).toContain("一步一步");
    expect(detail.samples[0]?.output).toContain("答案：");
  });

  it("pages results with a cursor", async () => {
    const first = await harness.call<ResultSummary[]>(resultsExport, `/experiments/${experiment.id}/results?limit=7`, { token: harness.admin.token, params: { experimentId: experiment.id } });
    const response = await harness.handler(resultsExport)(apiRequest(`/experiments/${experiment.id}/results?limit=7&after=${first.at(-1)!.id}`, { token: harness.admin.token }), {
      params: Promise.resolve({ experimentId: experiment.id }),
    });
    const second = await readJson<{ data: ResultSummary[]; nextCursor: string | null }>(response);
    expect(second.data).toHaveLength(7);
    expect(new Set([...first, ...second.data].map((result) => result.id)).size).toBe(14);
    expect(second.nextCursor).not.toBeNull();
  });
});

describe("failing models", () => {
  it("stores a 500ing model's rows as errors that open with their message", { timeout: 120_000 }, async () => {
    const provider = await harness.addProvider("fake-broken");
    const broken = await harness.addModel(provider.id, "fail-500-classifier");
    const created = await create({
      name: "broken model",
      datasetVersionId: harness.datasetVersionId,
      rowLimit: 3,
      variants: [
        { promptVersionId: harness.promptVersionId, modelId: classifierModelId, strategy: { kind: "zero_shot" }, label: "working" },
        { promptVersionId: harness.promptVersionId, modelId: broken.id, strategy: { kind: "zero_shot" }, label: "broken" },
      ],
    });
    const experiment = await harness.waitForExperiment(created.id);
    expect(experiment.status).toBe("completed");
    expect(experiment.failedCalls).toBe(3);

    const brokenVariant = experiment.variants.find((variant) => variant.label === "broken")!;
    expect(brokenVariant.summary).toMatchObject({ rows: 3, errors: 3, scored: 0, accuracy: null, ci95: null });
    expect(experiment.variants.find((variant) => variant.label === "working")!.summary).toMatchObject({ rows: 3, errors: 0, scored: 3 });

    const failed = await listResults(experiment.id, "filter=failed");
    expect(failed).toHaveLength(3);
    expect(failed.every((result) => result.variantId === brokenVariant.id && result.correct === null)).toBe(true);
    // The list carries the failed call's kind, so the console translates it without parsing the message.
    expect(failed[0]).toMatchObject({ callError: { kind: "upstream_status", httpStatus: 500 } });
    const detail = await openResult(experiment.id, failed[0]!.id);
    expect(detail.error).toBeTruthy();
    expect(detail.samples[0]?.error).toMatchObject({ kind: "upstream_status", httpStatus: 500 });
    expect(detail.request?.messages.length).toBeGreaterThan(0);

    // Each row tried four times before giving up, and each attempt is in the usage log.
    const attempts = await harness.db.requestLog.count({ where: { experimentId: experiment.id, modelId: broken.id, status: "error" } });
    expect(attempts).toBe(12);
  });

  it("retries 429s after the provider's Retry-After", { timeout: 120_000 }, async () => {
    const provider = await harness.addProvider("fake-limited");
    const limited = await harness.addModel(provider.id, "fail-429-classifier");
    const created = await create({
      name: "rate limited",
      datasetVersionId: harness.datasetVersionId,
      rowLimit: 2,
      variants: [{ promptVersionId: harness.promptVersionId, modelId: limited.id, strategy: { kind: "zero_shot" } }],
    });
    const experiment = await harness.waitForExperiment(created.id);
    expect(experiment.status).toBe("completed");

    const logs = await harness.db.requestLog.findMany({ where: { experimentId: experiment.id }, orderBy: { createdAt: "asc" } });
    expect(logs).toHaveLength(8);
    expect(logs.every((entry) => entry.errorCode === "rate_limited" && entry.httpStatus === 429)).toBe(true);
    // Retry-After is 2 s and each row tries four times, so the first and last attempt are at least 6 s apart.
    const spanMs = logs.at(-1)!.createdAt.getTime() - logs[0]!.createdAt.getTime();
    expect(spanMs).toBeGreaterThanOrEqual(5_900);

    const failed = await listResults(experiment.id, "filter=failed");
    const detail = await openResult(experiment.id, failed[0]!.id);
    expect(detail.samples[0]?.error?.kind).toBe("rate_limited");
  });
});

describe("cancel and resume", () => {
  it("cancels a running experiment", { timeout: 120_000 }, async () => {
    const provider = await harness.addProvider("fake-slow", { rpmLimit: 60 });
    const slow = await harness.addModel(provider.id, "slow-classifier");
    const created = await create({
      name: "cancelled",
      datasetVersionId: harness.datasetVersionId,
      rowLimit: 50,
      variants: [{ promptVersionId: harness.promptVersionId, modelId: slow.id, strategy: { kind: "zero_shot" } }],
    });
    await waitFor("two rows to finish", async () => (await harness.db.experimentResult.count({ where: { experimentId: created.id } })) >= 2, { timeoutMs: 60_000 });

    await harness.call(cancelExport, `/experiments/${created.id}/cancel`, { token: harness.admin.token, params: { experimentId: created.id }, method: "POST" });
    const experiment = await harness.waitForExperiment(created.id);
    expect(experiment.status).toBe("cancelled");
    const stored = await harness.db.experimentResult.count({ where: { experimentId: created.id } });
    expect(stored).toBeLessThan(50);
    expect(await harness.db.auditEvent.count({ where: { action: "experiments.cancel", targetId: created.id } })).toBe(1);

    // A finished experiment cannot be cancelled again.
    const again = await harness.handler(cancelExport)(apiRequest(`/experiments/${created.id}/cancel`, { token: harness.admin.token, method: "POST" }), {
      params: Promise.resolve({ experimentId: created.id }),
    });
    expect(again.status).toBe(409);
  });

  it("resumes an interrupted run without duplicating results", { timeout: 120_000 }, async () => {
    const provider = await harness.addProvider("fake-resume", { rpmLimit: 120 });
    const model = await harness.addModel(provider.id, "resume-classifier");
    const input = createExperimentInput.parse({
      name: "resumed",
      datasetVersionId: harness.datasetVersionId,
      rowLimit: 12,
      concurrency: 2,
      variants: [{ promptVersionId: harness.promptVersionId, modelId: model.id, strategy: { kind: "few_shot" } }],
    });
    // No queue here: the test plays the worker, so it can stop the first attempt midway.
    const { experiment } = await createExperiment(harness.db, async () => undefined, harness.actor, input);

    const stop = new AbortController();
    const firstAttempt = runExperimentJob({ db: harness.db, log, attempt: 1, maxAttempts: 3, signal: stop.signal }, experiment.id);
    await waitFor("four rows to finish", async () => (await harness.db.experimentResult.count({ where: { experimentId: experiment.id } })) >= 4, { timeoutMs: 60_000 });
    stop.abort();
    await expect(firstAttempt).rejects.toThrow();

    const interrupted = await harness.db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    expect(interrupted.status).toBe("running");
    const before = await harness.db.experimentResult.findMany({ where: { experimentId: experiment.id }, select: { rowKey: true, id: true } });
    expect(before.length).toBeLessThan(12);

    await runExperimentJob({ db: harness.db, log, attempt: 2, maxAttempts: 3 }, experiment.id);
    const finished = await harness.db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    expect(finished.status).toBe("completed");
    expect(finished.doneCalls).toBe(12);

    const after = await harness.db.experimentResult.findMany({ where: { experimentId: experiment.id }, select: { rowKey: true, id: true } });
    expect(after).toHaveLength(12);
    expect(new Set(after.map((result) => result.rowKey)).size).toBe(12);
    // Rows finished before the interruption kept their stored results.
    const afterIds = new Set(after.map((result) => result.id));
    expect(before.every((result) => afterIds.has(result.id))).toBe(true);
  });

  it("fails visibly when its prompt version is gone", async () => {
    await createTemplate(harness.db, harness.actor, { name: "doomed", description: "" });
    const { version } = await createVersion(harness.db, harness.actor, "doomed", versionSpecInput.parse({ messages: [{ role: "user", content: "{{text}}" }], variables: [{ name: "text" }] }));
    const input = createExperimentInput.parse({
      name: "doomed",
      datasetVersionId: harness.datasetVersionId,
      rowLimit: 2,
      variants: [{ promptVersionId: version.id, modelId: classifierModelId }],
    });
    const { experiment } = await createExperiment(harness.db, async () => undefined, harness.actor, input);
    await harness.db.promptVersion.delete({ where: { id: version.id } });

    await expect(runExperimentJob({ db: harness.db, log, attempt: 1, maxAttempts: 3 }, experiment.id)).rejects.toThrow(/prompt_version_missing/);
    const failed = await harness.db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("prompt_version_missing");
  });
});

describe("bad input", () => {
  it("rejects self-consistency above LUODI_MAX_SAMPLES, naming the variant", async () => {
    const { status, body } = await createFailing({
      name: "too many samples",
      datasetVersionId: harness.datasetVersionId,
      variants: [{ promptVersionId: harness.promptVersionId, modelId: classifierModelId, strategy: { kind: "self_consistency", samples: 11 }, label: "贪心投票" }],
    });
    expect(status).toBe(400);
    expect(body.error.reason).toBe("experiments.too_many_samples");
    expect(body.error.params).toMatchObject({ variant: "贪心投票", samples: 11, max: 10 });
  });

  it("rejects a template variable the mapping leaves empty", async () => {
    await createTemplate(harness.db, harness.actor, { name: "two-variables", description: "" });
    const { version } = await createVersion(
      harness.db,
      harness.actor,
      "two-variables",
      versionSpecInput.parse({ messages: [{ role: "user", content: "{{utterance}} / {{context}}" }], variables: [{ name: "utterance" }, { name: "context" }] }),
    );
    const { status, body } = await createFailing({
      name: "unmapped",
      datasetVersionId: harness.datasetVersionId,
      mapping: { utterance: "text" },
      variants: [{ promptVersionId: version.id, modelId: classifierModelId, label: "two" }],
    });
    expect(status).toBe(400);
    expect(body.error.reason).toBe("experiments.unmapped_variable");
    expect(body.error.params).toMatchObject({ variable: "context", variant: "two" });
  });

  it("rejects an unknown row field and an empty split", async () => {
    const unknownField = await createFailing({
      name: "unknown field",
      datasetVersionId: harness.datasetVersionId,
      mapping: { utterance: "body" },
      variants: [{ promptVersionId: harness.promptVersionId, modelId: classifierModelId }],
    });
    expect(unknownField.body.error.reason).toBe("experiments.unknown_field");

    const emptySplit = await createFailing({
      name: "no test split",
      datasetVersionId: harness.datasetVersionId,
      split: "test",
      variants: [{ promptVersionId: harness.promptVersionId, modelId: classifierModelId }],
    });
    expect(emptySplit.body.error.reason).toBe("experiments.no_rows");
  });

  it("rejects viewers and models of no chat capability", async () => {
    const asViewer = await createFailing(
      { name: "viewer", datasetVersionId: harness.datasetVersionId, variants: [{ promptVersionId: harness.promptVersionId, modelId: classifierModelId }] },
      harness.seed.viewer.token,
    );
    expect(asViewer.status).toBe(403);

    const provider = await harness.addProvider("fake-embeddings");
    const embedder = await harness.addModel(provider.id, "embedder", { capabilities: ["embeddings"] });
    const notChat = await createFailing({ name: "embedder", datasetVersionId: harness.datasetVersionId, variants: [{ promptVersionId: harness.promptVersionId, modelId: embedder.id }] });
    expect(notChat.body.error.reason).toBe("experiments.model_not_chat");
  });
});
