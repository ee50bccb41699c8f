import type { AnyRouteDefinition } from "../route";
import { cancelExperimentRoute, createExperimentRoute, getExperimentRoute, listExperimentsRoute, rerunFailedRoute } from "./experiments";
import { getResultRoute, listResultsRoute } from "./experiments-results";

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const experimentsRoutes: readonly AnyRouteDefinition[] = [
  listExperimentsRoute,
  createExperimentRoute,
  getExperimentRoute,
  cancelExperimentRoute,
  rerunFailedRoute,
  listResultsRoute,
  getResultRoute,
];
