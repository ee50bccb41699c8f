import type { AnyRouteDefinition } from "../route";
import { createApiKeyRoute, getApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute, rotateApiKeyRoute, updateApiKeyRoute } from "./api-keys";
import { changeCanaryRoute, createDeploymentRoute, deleteDeploymentRoute, getDeploymentRoute, listDeploymentsRoute, updateDeploymentRoute } from "./deployments";

/** Management API routes of the gateway area (API keys, deployments), in the order the OpenAPI document lists them. */
export const gatewayRoutes: readonly AnyRouteDefinition[] = [
  listDeploymentsRoute,
  createDeploymentRoute,
  getDeploymentRoute,
  updateDeploymentRoute,
  deleteDeploymentRoute,
  changeCanaryRoute,
  listApiKeysRoute,
  createApiKeyRoute,
  getApiKeyRoute,
  updateApiKeyRoute,
  revokeApiKeyRoute,
  rotateApiKeyRoute,
];
