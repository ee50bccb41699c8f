import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";

/** Scores of one run on the test split; a metric the task does not report is absent. */
export type Scores = Partial<Record<"accuracy" | "macro_f1" | "exact_match" | "rouge_l" | "perplexity", number | null>>;

/** One bar group of the comparison: the base model's zero-shot score, or a finished job's tuned score. */
export type ComparisonEntry = {
  key: string;
  kind: "base" | "job";
  /** Job name, or the base model's name for the zero-shot entry. */
  label: string;
  jobId: string | null;
  method: "lora" | "qlora" | "full" | "prompt_tuning" | null;
  baseModelName: string;
  datasetVersionId: string;
  task: "chat_sft" | "seq_classification";
  testRows: number;
  /** Tokens generated per test row, for chat jobs; null for classification, which generates nothing. */
  maxNewTokens: number | null;
  scores: Scores;
  /** Trainer wall-clock hours over all attempts; null for the zero-shot entry, which trains nothing. */
  computeHours: number | null;
  /** "gpu" when the trainer ran on CUDA, "cpu" otherwise; null for the zero-shot entry. */
  computeKind: "gpu" | "cpu" | null;
};

export type DatasetVersionChoice = { id: string; datasetName: string; number: number | null; jobs: number };

/** The measured record bench/finetune_gain.py writes. */
export type GainRecord = {
  dataset: string;
  test_rows: number;
  zero_shot_accuracy: number;
  lora_accuracy: number;
  full_accuracy: number;
  lora_minutes: number;
  full_minutes: number;
  machine: string;
  date: string;
};

const SCORE_KEYS = ["accuracy", "macro_f1", "exact_match", "rouge_l", "perplexity"] as const;

function readScores(value: unknown): Scores {
  const scores: Scores = {};
  if (typeof value !== "object" || value === null) return scores;
  for (const key of SCORE_KEYS) {
    const score = (value as Record<string, unknown>)[key];
    if (typeof score === "number" && Number.isFinite(score)) scores[key] = score;
    else if (score === null) scores[key] = null;
  }
  return scores;
}

type StoredEvaluation = { rows: number; base: Scores; tuned: Scores };

function readEvaluation(value: unknown): StoredEvaluation | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.base !== "object" || typeof record.tuned !== "object") return null;
  return { rows: typeof record.rows === "number" ? record.rows : 0, base: readScores(record.base), tuned: readScores(record.tuned) };
}

/** Reads the generation limit a chat job was scored with; classification jobs generate nothing. */
function maxNewTokensOf(job: { task: string; evaluationSettings: unknown }): number | null {
  if (job.task !== "chat_sft") return null;
  const settings = job.evaluationSettings as Record<string, unknown> | null;
  return typeof settings?.max_new_tokens === "number" ? settings.max_new_tokens : null;
}

/** Dataset versions that have at least one succeeded job, for the page's version picker. */
export async function listComparedVersions(db: Db, actor: Actor): Promise<DatasetVersionChoice[]> {
  const groups = await db.fineTuneJob.groupBy({
    by: ["datasetVersionId"],
    where: { workspaceId: actor.workspaceId, status: "succeeded" },
    _count: { _all: true },
  });
  const versions = await db.datasetVersion.findMany({
    where: { id: { in: groups.map((group) => group.datasetVersionId) } },
    select: { id: true, number: true, dataset: { select: { name: true } } },
  });
  const counts = new Map(groups.map((group) => [group.datasetVersionId, group._count._all]));
  return versions
    .map((version) => ({ id: version.id, datasetName: version.dataset.name, number: version.number, jobs: counts.get(version.id) ?? 0 }))
    .sort((a, b) => a.datasetName.localeCompare(b.datasetName) || (b.number ?? 0) - (a.number ?? 0));
}

/**
 * Builds the comparison of succeeded jobs on one dataset version, or on all with null. Each base model,
 * dataset version and task gets one zero-shot entry from the newest job's before-training evaluation.
 * Each job gets one entry with its after-training scores and compute hours.
 */
export async function buildComparison(db: Db, actor: Actor, datasetVersionId: string | null): Promise<ComparisonEntry[]> {
  const jobs = await db.fineTuneJob.findMany({
    where: { workspaceId: actor.workspaceId, status: "succeeded", ...(datasetVersionId ? { datasetVersionId } : {}) },
    orderBy: { finishedAt: "desc" },
    take: 200,
    include: { baseModel: { select: { id: true, name: true } } },
  });

  const bases = new Map<string, ComparisonEntry>();
  const runs: ComparisonEntry[] = [];
  for (const job of jobs) {
    const evaluation = readEvaluation(job.evaluation);
    if (!evaluation) continue;

    const baseKey = `base:${job.baseModel.id}:${job.datasetVersionId}:${job.task}`;
    const shared = { baseModelName: job.baseModel.name, datasetVersionId: job.datasetVersionId, task: job.task, testRows: evaluation.rows, maxNewTokens: maxNewTokensOf(job) };
    // Jobs are newest first, so the first one seen gives the zero-shot score.
    if (!bases.has(baseKey)) {
      bases.set(baseKey, { key: baseKey, kind: "base", label: job.baseModel.name, jobId: null, method: null, scores: evaluation.base, computeHours: null, computeKind: null, ...shared });
    }
    runs.push({
      key: `job:${job.id}`,
      kind: "job",
      label: job.name,
      jobId: job.id,
      method: job.method,
      scores: evaluation.tuned,
      computeHours: job.computeSeconds / 3600,
      computeKind: job.device?.startsWith("cuda") ? "gpu" : "cpu",
      ...shared,
    });
  }
  return [...bases.values(), ...runs.reverse()];
}

/** Default location of the measured record, relative to the repository root the server runs in. */
export const GAIN_RECORD_PATH = path.join("bench", "results", "finetune-gain.json");

/**
 * Reads the measured LoRA/full gain record. Returns null when the file does not exist or lacks a field,
 * so the page shows its empty state instead of half a record.
 */
export async function readGainRecord(file: string = path.resolve(process.cwd(), GAIN_RECORD_PATH)): Promise<GainRecord | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const numbers = ["test_rows", "zero_shot_accuracy", "lora_accuracy", "full_accuracy", "lora_minutes", "full_minutes"] as const;
  const strings = ["dataset", "machine", "date"] as const;
  if (!numbers.every((key) => typeof record[key] === "number" && Number.isFinite(record[key]))) return null;
  if (!strings.every((key) => typeof record[key] === "string")) return null;
  return record as unknown as GainRecord;
}
