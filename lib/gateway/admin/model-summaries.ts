import type { Db } from "@/lib/db/client";
import type { Deployment } from "@/lib/db/generated/client";
import { capabilitiesOf } from "@/lib/providers/target";
import { targetsOf } from "./deployment-config";

/** Summary of a model a deployment names, as the console shows it. `callable` is false when the model or its provider is disabled. */
export type ModelSummary = { id: string; name: string; displayName: string; providerName: string; capabilities: string[]; callable: boolean };

/** Loads summaries of every model the deployments name, in one query. Deleted models are absent from the map. */
export async function loadModelSummaries(db: Db, workspaceId: string, deployments: readonly Deployment[]): Promise<Map<string, ModelSummary>> {
  const ids = new Set<string>();
  for (const deployment of deployments) {
    for (const target of targetsOf(deployment)) ids.add(target.modelId);
    for (const fallback of deployment.fallbacks) ids.add(fallback);
    if (deployment.canaryModelId) ids.add(deployment.canaryModelId);
  }
  if (ids.size === 0) return new Map();

  const models = await db.providerModel.findMany({
    where: { id: { in: [...ids] }, workspaceId },
    select: { id: true, name: true, displayName: true, enabled: true, capabilities: true, provider: { select: { name: true, enabled: true } } },
  });
  return new Map(
    models.map((model) => [
      model.id,
      {
        id: model.id,
        name: model.name,
        displayName: model.displayName || model.name,
        providerName: model.provider.name,
        capabilities: capabilitiesOf(model.capabilities),
        callable: model.enabled && model.provider.enabled,
      },
    ]),
  );
}
