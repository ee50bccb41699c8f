import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { capabilitiesOf } from "@/lib/providers/target";

/** Capabilities a deployment can route: the gateway serves /v1/chat/completions and /v1/embeddings. */
export const ROUTABLE_CAPABILITIES = ["chat", "embeddings"] as const;
export type RoutableCapability = (typeof ROUTABLE_CAPABILITIES)[number];

/** One model a deployment names, with the request field it came from (such as `targets.0.modelId`). */
export type ModelReference = { modelId: string; field: string };

type LoadedModel = {
  id: string;
  name: string;
  displayName: string;
  enabled: boolean;
  capabilities: string[];
  provider: { name: string; enabled: boolean };
};

function labelOf(model: LoadedModel): string {
  return model.displayName || model.name;
}

function routableOf(model: LoadedModel): RoutableCapability[] {
  const capabilities = capabilitiesOf(model.capabilities);
  return ROUTABLE_CAPABILITIES.filter((capability) => capabilities.includes(capability));
}

function invalid(field: string, message: string, reason: string, params: Record<string, string>): AppError {
  return new AppError("INVALID_INPUT", message, { reason, params, fieldErrors: { [field]: [message] } });
}

/** Rejects a model the gateway could not call: unknown in this workspace, switched off, or neither chat nor embeddings. */
function assertCallable(reference: ModelReference, model: LoadedModel | undefined): asserts model is LoadedModel {
  if (!model) {
    throw invalid(reference.field, `Model ${reference.modelId} does not exist in this workspace; pick one from GET /api/v1/provider-models`, "gateway.model_unknown", {
      modelId: reference.modelId,
    });
  }
  const params = { model: labelOf(model), provider: model.provider.name };
  if (!model.provider.enabled) {
    throw invalid(reference.field, `Provider "${model.provider.name}" of model "${params.model}" is disabled; enable it under Settings → Model providers or pick another model`, "gateway.provider_disabled", params);
  }
  if (!model.enabled) {
    throw invalid(reference.field, `Model "${params.model}" is disabled; enable it under Settings → Model providers or pick another model`, "gateway.model_disabled", params);
  }
  if (routableOf(model).length === 0) {
    throw invalid(reference.field, `Model "${params.model}" has neither the chat nor the embeddings capability, so the gateway cannot route to it`, "gateway.model_not_routable", params);
  }
}

/**
 * Checks every model a deployment names (targets, canary, fallbacks) and returns the capability they share.
 * Each must be an enabled model of an enabled provider in the workspace with chat or embeddings, and all
 * must serve the same kind of request, because any of them may serve the same request.
 */
export async function checkDeploymentModels(db: Db, workspaceId: string, references: readonly ModelReference[]): Promise<RoutableCapability> {
  const ids = [...new Set(references.map((reference) => reference.modelId))];
  const rows = await db.providerModel.findMany({
    where: { id: { in: ids }, workspaceId },
    select: { id: true, name: true, displayName: true, enabled: true, capabilities: true, provider: { select: { name: true, enabled: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));

  let shared: RoutableCapability[] = [...ROUTABLE_CAPABILITIES];
  let first: LoadedModel | null = null;
  for (const reference of references) {
    const model = byId.get(reference.modelId);
    assertCallable(reference, model);

    const capabilities = routableOf(model);
    const common = shared.filter((capability) => capabilities.includes(capability));
    if (common.length === 0 && first) {
      throw invalid(
        reference.field,
        `Model "${labelOf(model)}" serves ${capabilities.join(", ")} but "${labelOf(first)}" serves ${shared.join(", ")}; all models of one deployment must serve the same kind of request`,
        "gateway.capability_mismatch",
        { model: labelOf(model), capability: capabilities.join(", "), other: labelOf(first), expected: shared.join(", ") },
      );
    }
    shared = common;
    first ??= model;
  }

  // A model with both capabilities routes chat first; the gateway picks by endpoint anyway.
  return shared[0] ?? "chat";
}
