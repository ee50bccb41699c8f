import type { StrategyKind } from "@/lib/prompts/types";
import type { ScoringMethod } from "../types";

/** Editable state of the new-experiment form; turned into the API body by `toRequestBody`. */

export type VariantDraft = {
  key: string;
  templateName: string;
  promptVersionId: string;
  /** "" keeps the version's own strategy. */
  strategyKind: StrategyKind | "";
  samples: number;
  modelId: string;
  label: string;
};

export type ExperimentDraft = {
  name: string;
  variants: VariantDraft[];
  datasetId: string;
  datasetVersionId: string;
  split: "all" | "test" | "validation";
  rowLimit: number;
  expectedField: string;
  mapping: Record<string, string>;
  scoringMethod: ScoringMethod;
  jsonPath: string;
  pattern: string;
  normalise: boolean;
  concurrency: number;
};

export const DEFAULT_SAMPLES = 5;

/** Maximum variant label length that the API accepts (lib/experiments/schemas.ts). */
const LABEL_MAX_CHARS = 120;

let keyCounter = 0;
export function newVariant(partial: Partial<VariantDraft> = {}): VariantDraft {
  keyCounter += 1;
  return { key: `variant-${keyCounter}`, templateName: "", promptVersionId: "", strategyKind: "", samples: DEFAULT_SAMPLES, modelId: "", label: "", ...partial };
}

/** The four-strategy comparison of one version on one model. */
export function fourStrategyVariants(base: VariantDraft): VariantDraft[] {
  const kinds: StrategyKind[] = ["zero_shot", "few_shot", "chain_of_thought", "self_consistency"];
  return kinds.map((strategyKind) => newVariant({ templateName: base.templateName, promptVersionId: base.promptVersionId, modelId: base.modelId, strategyKind, samples: base.samples }));
}

function strategyOf(variant: VariantDraft) {
  switch (variant.strategyKind) {
    case "":
      return undefined;
    case "self_consistency":
      return { kind: "self_consistency" as const, samples: variant.samples };
    default:
      return { kind: variant.strategyKind };
  }
}

function labelOf(variant: VariantDraft, defaultLabel: (variant: VariantDraft) => string | null) {
  const label = variant.label.trim() || defaultLabel(variant);
  return label ? { label: label.slice(0, LABEL_MAX_CHARS) } : {};
}

function scoringOf(draft: ExperimentDraft) {
  if (draft.scoringMethod === "json_field") return { method: "json_field" as const, path: draft.jsonPath.trim(), normalise: draft.normalise };
  if (draft.scoringMethod === "regex") return { method: "regex" as const, pattern: draft.pattern, normalise: draft.normalise };
  return { method: draft.scoringMethod };
}

/** Builds the API body; a variant left unnamed gets `defaultLabel`, which carries the translated strategy name. */
export function toRequestBody(draft: ExperimentDraft, defaultLabel: (variant: VariantDraft) => string | null = () => null) {
  const mapping = Object.fromEntries(Object.entries(draft.mapping).filter(([, field]) => field !== ""));
  return {
    name: draft.name.trim(),
    datasetVersionId: draft.datasetVersionId,
    split: draft.split,
    rowLimit: draft.rowLimit,
    mapping,
    ...(draft.expectedField ? { expectedField: draft.expectedField } : {}),
    variants: draft.variants.map((variant) => ({
      promptVersionId: variant.promptVersionId,
      modelId: variant.modelId,
      ...(strategyOf(variant) ? { strategy: strategyOf(variant) } : {}),
      ...labelOf(variant, defaultLabel),
    })),
    scoring: scoringOf(draft),
    concurrency: draft.concurrency,
  };
}

type VersionStrategy = (versionId: string) => { kind: string; samples?: number } | undefined;

/** Calls per row for one variant: its self-consistency samples, else one. */
function callsPerRow(variant: VariantDraft, versionStrategy: VersionStrategy): number {
  if (variant.strategyKind === "self_consistency") return variant.samples;
  if (variant.strategyKind !== "") return 1;
  const strategy = versionStrategy(variant.promptVersionId);
  return strategy?.kind === "self_consistency" ? (strategy.samples ?? 1) : 1;
}

function usesSelfConsistency(variant: VariantDraft, versionStrategy: VersionStrategy): boolean {
  if (variant.strategyKind !== "") return variant.strategyKind === "self_consistency";
  return versionStrategy(variant.promptVersionId)?.kind === "self_consistency";
}

/** Calls the experiment will make: rows × the sum of each variant's samples. */
export function estimateCalls(draft: ExperimentDraft, rows: number, versionStrategy: VersionStrategy): number {
  return rows * draft.variants.reduce((total, variant) => total + callsPerRow(variant, versionStrategy), 0);
}

/** Samples per row of each self-consistency variant, in form order, for explaining the call estimate. */
export function selfConsistencySamples(draft: ExperimentDraft, versionStrategy: VersionStrategy): number[] {
  return draft.variants.filter((variant) => usesSelfConsistency(variant, versionStrategy)).map((variant) => callsPerRow(variant, versionStrategy));
}
