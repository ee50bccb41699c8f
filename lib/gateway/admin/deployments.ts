import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Deployment } from "@/lib/db/generated/client";
import { canaryColumns, canaryOf, deploymentSnapshot, modelReferencesOf, targetsJson, targetsOf } from "./deployment-config";
import { checkDeploymentModels } from "./deployment-models";
import { deploymentNameTaken, deploymentNotFound } from "./errors";
import type { CreateDeploymentInput, UpdateDeploymentInput } from "./schemas";

export const DEPLOYMENT_TARGET = "deployment";

/** Deployments of the actor's workspace by name. */
export async function listDeployments(db: Db, actor: Actor): Promise<Deployment[]> {
  return db.deployment.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { name: "asc" } });
}

/** Loads a deployment of the actor's workspace; ids of other workspaces raise NOT_FOUND so they reveal nothing. */
export async function getDeployment(db: Db, actor: Actor, deploymentId: string): Promise<Deployment> {
  const deployment = await db.deployment.findFirst({ where: { id: deploymentId, workspaceId: actor.workspaceId } });
  if (!deployment) throw deploymentNotFound();
  return deployment;
}

async function assertNameFree(db: Db, workspaceId: string, name: string) {
  const existing = await db.deployment.findUnique({ where: { workspaceId_name: { workspaceId, name } }, select: { id: true } });
  if (existing) throw deploymentNameTaken(name);
}

/** Creates a deployment after checking its models. A canary given here waits in state none until it is started. */
export async function createDeployment(db: Db, actor: Actor, input: CreateDeploymentInput) {
  await assertNameFree(db, actor.workspaceId, input.name);
  await checkDeploymentModels(db, actor.workspaceId, modelReferencesOf(input));

  const { canary, targets, ...settings } = input;
  const deployment = await db.deployment.create({
    data: { workspaceId: actor.workspaceId, ...settings, targets: targetsJson(targets), ...canaryColumns(canary), createdById: actor.userId },
  });
  const audit: AuditEntry = { action: "deployments.create", targetType: DEPLOYMENT_TARGET, targetId: deployment.id, changes: deploymentSnapshot(deployment) };
  return { deployment, audit };
}

/**
 * Changes a deployment. The models are checked again when targets, fallbacks or the canary change. A
 * rename also renames the deployment in every API key's allowedModels, so keys keep their access.
 */
export async function updateDeployment(db: Db, actor: Actor, deploymentId: string, input: UpdateDeploymentInput) {
  const before = await getDeployment(db, actor, deploymentId);
  const renamed = input.name !== undefined && input.name !== before.name;
  if (renamed) await assertNameFree(db, actor.workspaceId, input.name!);

  const routing = {
    targets: input.targets ?? targetsOf(before),
    fallbacks: input.fallbacks ?? before.fallbacks,
    canary: input.canary === undefined ? canaryOf(before) : input.canary,
  };
  if (input.targets || input.fallbacks || input.canary !== undefined) await checkDeploymentModels(db, actor.workspaceId, modelReferencesOf(routing));

  const { canary, targets, ...settings } = input;
  const data = {
    ...settings,
    ...(targets ? { targets: targetsJson(targets) } : {}),
    ...(canary !== undefined ? canaryColumns(canary) : {}),
  };
  // A new canary model restarts the canary from state none; changed thresholds keep the state.
  if (canary && canary.modelId !== before.canaryModelId) Object.assign(data, { canaryState: "none", canaryRolledBackAt: null, canaryRollbackNote: null });

  const deployment = await db.$transaction(async (tx) => {
    const updated = await tx.deployment.update({ where: { id: deploymentId }, data });
    if (renamed) {
      await tx.$executeRaw`UPDATE "ApiKey" SET "allowedModels" = array_replace("allowedModels", ${before.name}, ${updated.name}) WHERE "workspaceId" = ${actor.workspaceId} AND ${before.name} = ANY("allowedModels")`;
    }
    return updated;
  });

  const previous = deploymentSnapshot(before);
  const next = deploymentSnapshot(deployment);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of Object.keys(next)) {
    if (JSON.stringify(previous[field]) !== JSON.stringify(next[field])) changes[field] = { from: previous[field], to: next[field] };
  }
  const audit: AuditEntry = { action: "deployments.update", targetType: DEPLOYMENT_TARGET, targetId: deploymentId, changes: { name: deployment.name, ...changes } };
  return { deployment, audit };
}

/**
 * Deletes a deployment. API keys keep the name in allowedModels, so a later deployment with the same name
 * is reachable by the same keys.
 */
export async function deleteDeployment(db: Db, actor: Actor, deploymentId: string) {
  const deployment = await getDeployment(db, actor, deploymentId);
  await db.deployment.delete({ where: { id: deploymentId } });
  const audit: AuditEntry = { action: "deployments.delete", targetType: DEPLOYMENT_TARGET, targetId: deploymentId, changes: deploymentSnapshot(deployment) };
  return { deployment, audit };
}
