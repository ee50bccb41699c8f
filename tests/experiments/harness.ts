import type { Actor } from "@/lib/auth/actor";
import { createFewShotSet } from "@/lib/prompts/few-shot-sets";
import { createTemplate } from "@/lib/prompts/templates";
import { createVersion } from "@/lib/prompts/versions";
import { versionSpecInput } from "@/lib/prompts/schemas";
import type { Db } from "@/lib/db/client";
import { GET as getExperimentExport } from "@/app/api/v1/experiments/[experimentId]/route";
import { startDatasetHarness } from "../api/datasets-harness";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { waitFor } from "../helpers/wait-for";
import { createIntentClassifier, crossWozSample } from "./crosswoz-intents";

export type ExperimentView = {
  id: string;
  status: string;
  totalRows: number;
  totalCalls: number;
  doneCalls: number;
  failedCalls: number;
  progress: number;
  error: string | null;
  variants: Array<{
    id: string;
    label: string;
    strategy: { kind: string };
    summary: null | { rows: number; scored: number; correct: number; errors: number; accuracy: number | null; ci95: { low: number; high: number } | null; latencyP50Ms: number | null; latencyP95Ms: number | null; inputTokens: number; outputTokens: number; cost: number | null; currency: string | null; meanAgreement: number | null };
  }>;
};

/** The Chinese intent prompt the tests and the e2e spec use; its only variable takes the row text. */
export function intentPromptMessages(labels: readonly string[]) {
  return [
    { role: "system" as const, content: `你是旅游客服的意图分类器。可选意图：${labels.join("、")}。只回答一个意图名称。` },
    { role: "user" as const, content: "{{utterance}}" },
  ];
}

/**
 * Experiment test setup: the dataset API harness (real import path, queue and worker handlers in this
 * process) and a fake OpenAI-compatible provider that classifies the CrossWOZ sample. On top of it sit a
 * registered provider with models, and an intent prompt template with a few-shot set.
 */
export async function startExperimentHarness() {
  const base = await startDatasetHarness();
  const { db } = base;
  const admin = base.seed.admin;
  const sample = crossWozSample(50);
  const fake: FakeOpenAi = await startFakeOpenAi({ reply: createIntentClassifier(sample.rows, sample.labels) });

  await db.networkAllowRule.create({ data: { workspaceId: admin.actor.workspaceId, pattern: "127.0.0.1", note: "fake provider of the tests" } });

  /** Registers a provider on the fake server; `rpmLimit` slows its calls down for cancel and resume tests. */
  async function addProvider(name: string, options: { rpmLimit?: number } = {}) {
    return db.provider.create({ data: { workspaceId: admin.actor.workspaceId, name, kind: "openai-compatible", baseUrl: fake.url, rpmLimit: options.rpmLimit ?? null, timeoutMs: 10_000 } });
  }

  async function addModel(providerId: string, name: string, options: { prices?: boolean; capabilities?: string[] } = {}) {
    return db.providerModel.create({
      data: {
        workspaceId: admin.actor.workspaceId,
        providerId,
        name,
        capabilities: options.capabilities ?? ["chat"],
        ...(options.prices === false ? {} : { inputPrice: "2", outputPrice: "8", currency: "CNY" }),
      },
    });
  }

  const { datasetId, versionId } = await base.importNewDataset(admin.token, "crosswoz-intents-50", "crosswoz_intents_50.jsonl", sample.jsonl);

  const { set } = await createFewShotSet(db, admin.actor, { name: "intent-examples", description: "", examples: sample.examples });
  await createTemplate(db, admin.actor, { name: "intent", description: "" });
  const { version: promptVersion } = await createVersion(
    db,
    admin.actor,
    "intent",
    versionSpecInput.parse({ messages: intentPromptMessages(sample.labels), variables: [{ name: "utterance" }], fewShotSetId: set.id, strategy: { kind: "few_shot" } }),
  );

  async function readExperiment(id: string): Promise<ExperimentView> {
    return base.call<ExperimentView>(getExperimentExport, `/experiments/${id}`, { token: admin.token, params: { experimentId: id } });
  }

  async function waitForExperiment(id: string, timeoutMs = 120_000): Promise<ExperimentView> {
    return waitFor(`experiment ${id} to finish`, async () => {
      const experiment = await readExperiment(id);
      return ["completed", "failed", "cancelled"].includes(experiment.status) ? experiment : null;
    }, { timeoutMs, intervalMs: 500 });
  }

  return {
    ...base,
    db: db as Db,
    admin,
    actor: admin.actor as Actor,
    sample,
    fake,
    datasetId,
    datasetVersionId: versionId,
    promptVersionId: promptVersion.id,
    addProvider,
    addModel,
    readExperiment,
    waitForExperiment,
    async stop() {
      await fake.close();
      await base.stop();
    },
  };
}

export type ExperimentHarness = Awaited<ReturnType<typeof startExperimentHarness>>;
