import type { StrategyKind } from "@/lib/prompts/types";

/** Wire shapes of the experiments API as the console reads them (lib/api/v1/experiments-schemas.ts). */

export type ExperimentStatus = "queued" | "running" | "completed" | "failed" | "cancelled";
export type ScoringMethod = "exact" | "normalised" | "json_field" | "regex";
export type ResultFilter = "all" | "failed" | "wrong" | "correct";

export type StrategyView =
  | { kind: "zero_shot" }
  | { kind: "few_shot"; shots?: number }
  | { kind: "chain_of_thought"; shots?: number; answerPattern?: string }
  | { kind: "self_consistency"; shots?: number; samples: number; temperature?: number; answerPattern?: string };

export type VariantSummaryView = {
  rows: number;
  scored: number;
  correct: number;
  errors: number;
  accuracy: number | null;
  ci95: { low: number; high: number } | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  estimatedShare: number;
  cost: number | null;
  currency: string | null;
  meanAgreement: number | null;
};

export type VariantView = {
  id: string;
  position: number;
  label: string;
  promptVersionId: string;
  strategy: StrategyView;
  modelId: string;
  modelName: string | null;
  summary: VariantSummaryView | null;
};

type DatasetReference = { datasetId: string; name: string; type: string | null; versionNumber: number | null } | null;

export type ExperimentSummaryView = {
  id: string;
  name: string;
  status: ExperimentStatus;
  datasetVersionId: string;
  dataset: DatasetReference;
  totalRows: number;
  totalCalls: number;
  doneCalls: number;
  failedCalls: number;
  progress: number;
  cancelRequested: boolean;
  error: string | null;
  errorMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  variantCount: number;
};

export type ScoringView =
  | { method: "exact" }
  | { method: "normalised" }
  | { method: "json_field"; path: string; normalise: boolean }
  | { method: "regex"; pattern: string; normalise: boolean };

export type ExperimentView = Omit<ExperimentSummaryView, "variantCount"> & {
  config: { split: "all" | "test" | "validation"; rowLimit: number; mapping: Record<string, string>; expectedField: string; scoring: ScoringView; concurrency: number };
  variants: VariantView[];
};

export type ResultSummaryView = {
  id: string;
  variantId: string;
  rowKey: string;
  position: number;
  status: "ok" | "error";
  expected: string | null;
  answer: string | null;
  correct: boolean | null;
  agreement: number | null;
  latencyMs: number;
  error: string | null;
  /** The failed call behind `error`; null for rows stored without samples. */
  callError?: SampleView["error"] | null;
  outputPreview: string | null;
};

export type SampleView = {
  output: string;
  answer: string | null;
  value: string | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  cost: number | null;
  error?: { kind: string; message: string; httpStatus?: number; reason?: string; params?: Record<string, string | number> };
};

export type ResultView = Omit<ResultSummaryView, "outputPreview"> & {
  output: string | null;
  samples: SampleView[];
  request: { messages: Array<{ role: string; content: unknown }>; params: Record<string, unknown> } | null;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
};

/** Choices for the new-experiment form, from other areas' APIs. */
export type TemplateOption = { id: string; name: string; latestVersionNumber: number | null; versionCount: number };
export type PromptVersionOption = { id: string; number: number; strategy: StrategyView; variableNames: string[]; exampleCount: number };
export type ModelOption = { id: string; name: string; displayName: string; providerName: string };
export type DatasetOption = { id: string; name: string; type: string | null; latestVersion: { id: string; number: number | null; rowCount: number } | null };
export type DatasetVersionOption = { id: string; number: number | null; rowCount: number; status: string };

export type { StrategyKind };
