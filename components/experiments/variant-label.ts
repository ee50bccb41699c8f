import { STRATEGY_KINDS, type StrategyKind } from "@/lib/prompts/types";

// A strategy id between " · " separators, as the server's default label writes it (lib/experiments/variant-plan.ts).
const STRATEGY_SEGMENT = new RegExp(` · (${STRATEGY_KINDS.join("|")})(?= · |$)`, "g");

/**
 * Replaces the strategy ids in a variant label with their translated names, so labels that the server
 * defaulted (`travel-intent v2 · zero_shot · mock-small`) read in the viewer's language.
 */
export function localiseVariantLabel(label: string, strategyName: (kind: StrategyKind) => string): string {
  return label.replace(STRATEGY_SEGMENT, (_, kind: StrategyKind) => ` · ${strategyName(kind)}`);
}

/** Builds the server's default label format with the strategy's translated name, for variants the user leaves unnamed. */
export function defaultVariantLabel(parts: { templateName: string; versionNumber: number; strategyName: string; modelName: string }): string {
  return `${parts.templateName} v${parts.versionNumber} · ${parts.strategyName} · ${parts.modelName}`;
}
