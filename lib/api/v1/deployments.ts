import { z } from "zod";
import { changeCanary } from "@/lib/gateway/admin/canary";
import { createDeployment, deleteDeployment, getDeployment, listDeployments, updateDeployment } from "@/lib/gateway/admin/deployments";
import { loadModelSummaries } from "@/lib/gateway/admin/model-summaries";
import { deploymentResource } from "@/lib/gateway/admin/resources";
import { canaryActionInput, createDeploymentInput, FALLBACK_STATUSES, updateDeploymentInput } from "@/lib/gateway/admin/schemas";
import { toDeploymentView } from "@/lib/gateway/admin/views";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Deployment } from "@/lib/db/generated/client";
import { defineRoute } from "../route";
import { GATEWAY_TAG } from "./api-keys";

const deploymentPathParams = z.object({ deploymentId: z.string().min(1).max(100).describe("Deployment id") });

async function viewOf(db: Db, actor: Actor, deployment: Deployment) {
  const models = await loadModelSummaries(db, actor.workspaceId, [deployment]);
  return toDeploymentView(deployment, models);
}

export const listDeploymentsRoute = defineRoute({
  method: "GET",
  path: "/deployments",
  operationId: "listDeployments",
  summary: "List gateway deployments",
  description: "Lists the workspace's deployments by name, with their target models, weights, fallbacks and canary state.",
  tag: GATEWAY_TAG,
  permission: "console.read",
  response: z.array(deploymentResource),
  async handler({ actor, db }) {
    const deployments = await listDeployments(db, actor);
    const models = await loadModelSummaries(db, actor.workspaceId, deployments);
    return { data: deployments.map((deployment) => toDeploymentView(deployment, models)) };
  },
});

export const createDeploymentRoute = defineRoute({
  method: "POST",
  path: "/deployments",
  operationId: "createDeployment",
  summary: "Create a gateway deployment",
  description: `Creates the route for one \`model\` name. Targets, canary and fallbacks must be enabled models of enabled providers in this workspace, all with the chat capability or all with embeddings. fallbackOn takes statuses from ${FALLBACK_STATUSES.join(", ")}. A canary starts in state none; start it with POST /deployments/{deploymentId}/canary.`,
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  body: createDeploymentInput.strict(),
  response: deploymentResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { deployment, audit } = await createDeployment(db, actor, body);
    return { data: await viewOf(db, actor, deployment), audit };
  },
});

export const getDeploymentRoute = defineRoute({
  method: "GET",
  path: "/deployments/{deploymentId}",
  operationId: "getDeployment",
  summary: "Get a gateway deployment",
  tag: GATEWAY_TAG,
  permission: "console.read",
  params: deploymentPathParams,
  response: deploymentResource,
  async handler({ actor, db, params }) {
    const deployment = await getDeployment(db, actor, params.deploymentId);
    return { data: await viewOf(db, actor, deployment) };
  },
});

export const updateDeploymentRoute = defineRoute({
  method: "PATCH",
  path: "/deployments/{deploymentId}",
  operationId: "updateDeployment",
  summary: "Change a gateway deployment",
  description:
    "Changes any setting. Models are checked again when targets, fallbacks or canary change. canary: null removes the canary; a different canary model resets its state to none. A rename also renames the deployment in API keys' allowedModels.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: deploymentPathParams,
  body: updateDeploymentInput.strict().refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  response: deploymentResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { deployment, audit } = await updateDeployment(db, actor, params.deploymentId, body);
    return { data: await viewOf(db, actor, deployment), audit };
  },
});

export const deleteDeploymentRoute = defineRoute({
  method: "DELETE",
  path: "/deployments/{deploymentId}",
  operationId: "deleteDeployment",
  summary: "Delete a gateway deployment",
  description: "Deletes the deployment; clients calling its name get model_not_found. To pause it and keep its settings, set enabled to false instead.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: deploymentPathParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  async handler({ actor, db, params }) {
    const { deployment, audit } = await deleteDeployment(db, actor, params.deploymentId);
    return { data: { id: deployment.id, deleted: true as const }, audit };
  },
});

export const changeCanaryRoute = defineRoute({
  method: "POST",
  path: "/deployments/{deploymentId}/canary",
  operationId: "changeDeploymentCanary",
  summary: "Start, promote, roll back or resume a canary",
  description:
    "start (none → active) sends canary.percent of requests to the canary model. promote (active) makes the canary model the only target and removes the canary. rollback (active → rolled_back) stops canary traffic and keeps the note. resume (rolled_back → active) restarts it. Any other state answers 409 with reason gateway.canary_state.",
  tag: GATEWAY_TAG,
  permission: "apiKeys.manage",
  params: deploymentPathParams,
  body: canaryActionInput.strict(),
  response: deploymentResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { deployment, audit } = await changeCanary(db, actor, params.deploymentId, body.action, body.note);
    return { data: await viewOf(db, actor, deployment), audit };
  },
});
