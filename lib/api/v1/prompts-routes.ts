import type { AnyRouteDefinition } from "../route";

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const promptsRoutes: readonly AnyRouteDefinition[] = [];
