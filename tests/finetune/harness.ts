import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { RouteHandler } from "@/lib/api/route";
import { startDatasetHarness } from "../api/datasets-harness";
import { apiRequest, readJson, withParams } from "../api/fixtures";
import { sharedDataPath } from "../helpers/shared-data";
import { waitFor } from "../helpers/wait-for";

const execFileAsync = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

export const pythonEnv = process.env.LUODI_PYTHON_ENV;

/** Builds (or copies from the cache) the runtime's tiny random Llama with its trained BPE tokenizer. */
export async function buildTinyModel(outDir: string): Promise<string> {
  const { stdout } = await execFileAsync(path.join(pythonEnv ?? "", "bin", "python"), ["-m", "luodi_runtime.tiny", outDir], {
    cwd: repositoryRoot,
    env: { ...process.env, PYTHONPATH: path.join(repositoryRoot, "trainer") },
    timeout: 240_000,
  });
  return (JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { modelPath: string }).modelPath;
}

/**
 * A small chat dataset from the CrossWOZ dialogues: the first user turn and the assistant's reply in
 * each dialogue, short enough for the tiny model's 512 positions, with a split field the import maps.
 */
export function crossWozChats(splits: { train: number; validation: number; test: number }): Buffer {
  const lines = readFileSync(sharedDataPath("dialogue_zh_crosswoz", "dialogues_openai_chat_100.jsonl"), "utf8").split("\n").filter(Boolean);
  const order = [...Array(splits.train).fill("train"), ...Array(splits.validation).fill("validation"), ...Array(splits.test).fill("test")] as string[];
  const rows = order.map((split, index) => {
    const dialogue = JSON.parse(lines[index]!) as { messages: { role: string; content: string }[] };
    const user = dialogue.messages.find((message) => message.role === "user")!;
    const answer = dialogue.messages[dialogue.messages.indexOf(user) + 1]!;
    return JSON.stringify({ messages: [{ role: "user", content: user.content.slice(0, 30) }, { role: "assistant", content: answer.content.slice(0, 30) }], split });
  });
  return Buffer.from(`${rows.join("\n")}\n`);
}

/** Hyperparameters for a run of a handful of steps on the tiny model. */
export function tinyHyperparameters(overrides: Record<string, unknown> = {}) {
  return { lora_rank: 4, lora_alpha: 8, max_steps: 4, batch_size: 2, max_length: 192, learning_rate: 5e-3, eval_steps: 2, save_steps: 2, logging_steps: 1, ...overrides };
}

export const tinyEvaluation = { max_rows: 2, max_new_tokens: 4, batch_size: 2 };

export type JobView = {
  id: string;
  externalId: string;
  status: string;
  stage: string;
  progress: number;
  step: number;
  totalSteps: number | null;
  metrics: Record<string, unknown> | null;
  evaluation: { base: Record<string, number | null>; tuned: Record<string, number | null>; rows: number } | null;
  errorCode: string | null;
  errorMessage: string | null;
  lastCheckpoint: string | null;
  attempts: number;
  computeSeconds: number;
  device: string | null;
};

/**
 * The dataset harness (real import path, queue and worker handlers in this process, finetune.train
 * included) with a chat dataset version split into train, validation and test.
 */
export async function startFinetuneHarness() {
  const base = await startDatasetHarness();
  const token = base.seed.admin.token;
  const chats = await base.importNewDataset(token, "crosswoz-chats", "crosswoz_chats.jsonl", crossWozChats({ train: 8, validation: 3, test: 2 }));

  /** Calls a route and returns its status and JSON body, for success and error cases alike. */
  async function request<T>(exported: RouteHandler, apiPath: string, options: { token?: string; params?: Record<string, string>; body?: unknown; method?: string } = {}) {
    const response = await base.handler(exported)(apiRequest(apiPath, { token: options.token ?? token, body: options.body, method: options.method }), withParams(options.params ?? {}));
    return { status: response.status, body: await readJson<T>(response) };
  }

  async function waitForJob(readJob: () => Promise<JobView>, done: (job: JobView) => boolean, timeoutMs = 240_000): Promise<JobView> {
    return waitFor("the fine-tuning job", async () => {
      const job = await readJob();
      return done(job) ? job : null;
    }, { timeoutMs, intervalMs: 500 });
  }

  return { ...base, token, chatVersionId: chats.versionId, request, waitForJob };
}

export type FinetuneHarness = Awaited<ReturnType<typeof startFinetuneHarness>>;
