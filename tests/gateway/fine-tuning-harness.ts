import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { POST as registerBaseModelExport } from "@/app/api/v1/base-models/route";
import { generateApiKey } from "@/lib/gateway/key-secret";
import { createGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/runtime";
import { startGatewayServer, type GatewayServer } from "@/lib/gateway/server";
import { logger } from "@/lib/log";
import { buildTinyModel, crossWozChats, startFinetuneHarness, type FinetuneHarness } from "../finetune/harness";
import { TEST_ENCRYPTION_KEY, TEST_SETTINGS } from "./gateway-harness";

/** Upload limit of these tests, so an oversized file stays small. */
export const TEST_FILE_LIMIT_MB = 1;

/**
 * Starts a gateway in this process on the fine-tuning harness's database: the real dataset import path, the
 * real queue and worker handlers (finetune.train included) and the real trainer on a tiny Llama built
 * for the test, registered as base model "tiny-llama".
 */
export async function startFineTuningGateway() {
  process.env.LUODI_ENCRYPTION_KEY ??= TEST_ENCRYPTION_KEY;
  process.env.LUODI_GATEWAY_MAX_FILE_MB = String(TEST_FILE_LIMIT_MB);

  const workDir = await mkdtemp(path.join(tmpdir(), "luodi-gateway-finetune-"));
  const [harness, modelPath]: [FinetuneHarness, string] = await Promise.all([startFinetuneHarness(), buildTinyModel(workDir)]);
  const registered = await harness.request<{ data: { id: string } }>(registerBaseModelExport, "/base-models", { body: { name: "tiny-llama", localPath: modelPath } });
  if (registered.status !== 201) throw new Error(`registering the tiny model failed: ${JSON.stringify(registered.body)}`);

  const runtime: GatewayRuntime = createGatewayRuntime(harness.db, { log: logger.child({ service: "gateway-test" }, { level: "warn" }), settings: TEST_SETTINGS });
  // Job creation sends finetune.train on the harness's queue, which its worker handlers consume.
  runtime.deps.fineTuning = { enqueue: harness.enqueue };
  runtime.start();
  const server: GatewayServer = await startGatewayServer({ host: "127.0.0.1", port: 0, deps: runtime.deps });

  /** Creates an API key in `workspaceId` (the harness's by default) and returns its secret and id. */
  async function createKey(options: { fineTuningEnabled: boolean; workspaceId?: string }) {
    const secret = generateApiKey();
    const row = await harness.db.apiKey.create({
      data: { workspaceId: options.workspaceId ?? harness.seed.workspace.id, name: `key-${secret.prefix}`, prefix: secret.prefix, keyHash: secret.keyHash, fineTuningEnabled: options.fineTuningEnabled },
    });
    return { key: secret.key, id: row.id };
  }

  function client(apiKey: string): OpenAI {
    return new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0, timeout: 300_000 });
  }

  return {
    harness,
    db: harness.db,
    modelPath,
    workDir,
    runtime,
    url: server.url,
    baseURL: `${server.url}/v1`,
    createKey,
    client,
    async stop() {
      await server.close(1000);
      await runtime.stop();
      await harness.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export type FineTuningGateway = Awaited<ReturnType<typeof startFineTuningGateway>>;

/**
 * Chat examples in OpenAI's fine-tuning format from the CrossWOZ dialogues: `count` lines starting at
 * dialogue `from`, without the split field the dataset harness adds.
 */
export function chatJsonl(from: number, count: number): Buffer {
  const lines = crossWozChats({ train: from + count, validation: 0, test: 0 }).toString("utf8").split("\n").filter(Boolean).slice(from);
  const examples = lines.map((line) => JSON.stringify({ messages: (JSON.parse(line) as { messages: unknown }).messages }));
  return Buffer.from(`${examples.join("\n")}\n`);
}

/** Settings for a run of a few steps on the tiny model: OpenAI names plus Luodi hyperparameters. */
export function tinyJobHyperparameters(overrides: Record<string, unknown> = {}) {
  return { n_epochs: 1, batch_size: 2, learning_rate_multiplier: 25, lora_rank: 4, lora_alpha: 8, max_length: 192, eval_steps: 2, save_steps: 2, logging_steps: 1, ...overrides };
}
