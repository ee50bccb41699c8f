import type { DatasetType } from "@/lib/datasets/model";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { issueError } from "@/lib/prompts/errors";
import { findStrategyIssue } from "@/lib/prompts/strategy";
import type { Strategy } from "@/lib/prompts/types";
import { loadVersionSpec } from "@/lib/prompts/versions";
import { findUnmappedVariable } from "./mapping";
import type { CreateExperimentInput } from "./schemas";

export type PlannedVariant = {
  position: number;
  label: string;
  promptVersionId: string;
  strategy: Strategy;
  modelId: string;
  /** Model calls per row: the self-consistency sample count, else 1. */
  samples: number;
};

/** Checks every variant of a new experiment and fills in its strategy, label and calls per row. */
export async function planVariants(db: Db, workspaceId: string, input: CreateExperimentInput, type: DatasetType): Promise<PlannedVariant[]> {
  const maxSamples = env().LUODI_MAX_SAMPLES;
  const planned: PlannedVariant[] = [];

  for (const [position, variant] of input.variants.entries()) {
    const spec = await loadVersionSpec(db, workspaceId, variant.promptVersionId);
    const model = await loadChatModel(db, workspaceId, variant.modelId);
    const strategy: Strategy = variant.strategy ?? spec.strategy;
    const label = variant.label || `${spec.templateName} v${spec.number} · ${strategy.kind} · ${model.displayName || model.name}`;

    if (strategy.kind === "self_consistency" && strategy.samples > maxSamples) {
      throw new AppError("INVALID_INPUT", `Variant "${label}" asks for ${strategy.samples} self-consistency samples but at most ${maxSamples} are allowed (LUODI_MAX_SAMPLES)`, {
        reason: "experiments.too_many_samples",
        params: { variant: label, samples: strategy.samples, max: maxSamples },
        fieldErrors: { [`variants.${position}.strategy.samples`]: [`At most ${maxSamples}`] },
      });
    }
    const strategyIssue = findStrategyIssue(strategy, spec.fewShotExamples.length, maxSamples);
    if (strategyIssue) throw issueError(strategyIssue);

    const unmapped = findUnmappedVariable(spec.variables, input.mapping, type);
    if (unmapped) {
      throw new AppError("INVALID_INPUT", `Variable "${unmapped}" of variant "${label}" gets no value; map it to a row field`, {
        reason: "experiments.unmapped_variable",
        params: { variable: unmapped, variant: label },
        fieldErrors: { [`mapping.${unmapped}`]: ["Map this variable to a row field"] },
      });
    }

    planned.push({
      position,
      label: label.slice(0, 200),
      promptVersionId: spec.id,
      strategy,
      modelId: model.id,
      samples: strategy.kind === "self_consistency" ? strategy.samples : 1,
    });
  }
  return planned;
}

/** Loads a chat model of the workspace, rejecting one that is disabled or behind a disabled provider. */
async function loadChatModel(db: Db, workspaceId: string, modelId: string) {
  const model = await db.providerModel.findFirst({ where: { id: modelId, workspaceId }, include: { provider: { select: { enabled: true, name: true } } } });
  if (!model) throw new AppError("NOT_FOUND", "No such model in this workspace", { reason: "experiments.model_not_found", params: { model: modelId } });

  const name = model.displayName || model.name;
  if (!model.enabled || !model.provider.enabled) {
    throw new AppError("INVALID_INPUT", `Model "${name}" or its provider is disabled; choose another model or ask an admin to enable it`, {
      reason: "experiments.model_disabled",
      params: { model: name },
    });
  }
  if (!model.capabilities.includes("chat")) {
    throw new AppError("INVALID_INPUT", `Model "${name}" has no chat capability; choose a chat model`, { reason: "experiments.model_not_chat", params: { model: name } });
  }
  return model;
}
