import type { ComparisonEntry } from "@/lib/finetune/compare-data";

export type ScoreKey = keyof ComparisonEntry["scores"];
export type Task = ComparisonEntry["task"];

/** Metrics each task reports, in table order. */
export const TASK_METRICS: Record<Task, ScoreKey[]> = {
  seq_classification: ["accuracy", "macro_f1"],
  chat_sft: ["exact_match", "rouge_l", "perplexity"],
};

/** Metrics between 0 and 1 that share one bar chart axis; perplexity has no upper bound and stays in the table. */
export const CHART_METRICS: Record<Task, ScoreKey[]> = {
  seq_classification: ["accuracy", "macro_f1"],
  chat_sft: ["exact_match", "rouge_l"],
};

export const METRIC_COLORS: Record<ScoreKey, string> = {
  accuracy: "#2563eb",
  macro_f1: "#16a34a",
  exact_match: "#2563eb",
  rouge_l: "#16a34a",
  perplexity: "#a1a1aa",
};

export const TASKS: Task[] = ["seq_classification", "chat_sft"];
