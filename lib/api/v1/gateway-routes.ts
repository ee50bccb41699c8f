import type { AnyRouteDefinition } from "../route";

/** Management API routes of the gateway area (API keys, deployments), in the order the OpenAPI document lists them. */
export const gatewayRoutes: readonly AnyRouteDefinition[] = [];
