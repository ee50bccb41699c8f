import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Deployment } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { CanaryState } from "../contracts";
import { canaryColumns, canaryStateOf, targetsJson } from "./deployment-config";
import { checkDeploymentModels } from "./deployment-models";
import { DEPLOYMENT_TARGET, getDeployment } from "./deployments";
import type { CanaryAction } from "./schemas";

/**
 * State each canary action starts from. start moves none to active, rollback moves active to rolled_back,
 * and resume moves rolled_back to active. promote makes the active canary model the only target and
 * removes the canary. The gateway also moves active to rolled_back by itself when a threshold is crossed.
 */
const FROM_STATE: Record<CanaryAction, CanaryState> = { start: "none", promote: "active", rollback: "active", resume: "rolled_back" };

function wrongState(deployment: Deployment, action: CanaryAction): AppError {
  const state = canaryStateOf(deployment);
  return new AppError("CONFLICT", `Cannot ${action} the canary of "${deployment.name}" while it is ${state}; it must be ${FROM_STATE[action]}. Reload to see its current state`, {
    reason: "gateway.canary_state",
    params: { action, state, expected: FROM_STATE[action] },
  });
}

/** Builds the column changes of one transition. A promotion first checks that the canary model can serve as the only target. */
async function transitionData(db: Db, actor: Actor, deployment: Deployment, action: CanaryAction, note: string | undefined, now: Date) {
  const modelId = deployment.canaryModelId!;
  switch (action) {
    case "start":
    case "resume":
      return { canaryState: "active", canaryRolledBackAt: null, canaryRollbackNote: null };
    case "rollback":
      return { canaryState: "rolled_back", canaryRolledBackAt: now, canaryRollbackNote: note || `Rolled back by ${actor.email ?? "an admin"}` };
    case "promote":
      await checkDeploymentModels(db, actor.workspaceId, [
        { modelId, field: "canary.modelId" },
        ...deployment.fallbacks.map((fallback, index) => ({ modelId: fallback, field: `fallbacks.${index}` })),
      ]);
      return { targets: targetsJson([{ modelId, weight: 100 }]), ...canaryColumns(null) };
  }
}

/** Applies a canary action as a compare-and-set on the state, so it cannot overwrite a rollback the gateway just wrote. */
export async function changeCanary(db: Db, actor: Actor, deploymentId: string, action: CanaryAction, note?: string, now = new Date()) {
  const before = await getDeployment(db, actor, deploymentId);
  if (!before.canaryModelId) {
    throw new AppError("INVALID_INPUT", `Deployment "${before.name}" has no canary model; set canary.modelId and canary.percent first`, {
      reason: "gateway.canary_not_configured",
      params: { name: before.name },
    });
  }
  if (canaryStateOf(before) !== FROM_STATE[action]) throw wrongState(before, action);
  if (action === "start" && before.canaryPercent < 1) {
    throw new AppError("INVALID_INPUT", `The canary of "${before.name}" receives 0% of requests; set canary.percent to 1-100 first`, {
      reason: "gateway.canary_zero_percent",
      params: { name: before.name },
      fieldErrors: { "canary.percent": ["Use 1 to 100 to start the canary"] },
    });
  }

  const data = await transitionData(db, actor, before, action, note, now);
  const updated = await db.deployment.updateMany({
    where: { id: deploymentId, workspaceId: actor.workspaceId, canaryState: before.canaryState, canaryModelId: before.canaryModelId },
    data,
  });
  const deployment = await getDeployment(db, actor, deploymentId);
  if (updated.count === 0) throw wrongState(deployment, action);

  const changes: Record<string, unknown> = { name: deployment.name, canaryModelId: before.canaryModelId, state: { from: before.canaryState, to: deployment.canaryState } };
  if (action === "rollback") changes.note = deployment.canaryRollbackNote;
  if (action === "promote") changes.targets = { from: before.targets, to: deployment.targets };
  const audit: AuditEntry = { action: `deployments.canary_${action}`, targetType: DEPLOYMENT_TARGET, targetId: deploymentId, changes };
  return { deployment, audit };
}
