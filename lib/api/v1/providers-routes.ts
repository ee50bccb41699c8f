import type { AnyRouteDefinition } from "../route";
import { localModelRoutes } from "./local-models";
import { createAllowRuleRoute, deleteAllowRuleRoute, listAllowRulesRoute, updateAllowRuleRoute } from "./network-allow-rules";
import {
  createProviderRoute,
  deleteProviderRoute,
  getProviderRoute,
  listProviderPresetsRoute,
  listProvidersRoute,
  testProviderRoute,
  updateProviderRoute,
} from "./providers";
import {
  deleteProviderModelRoute,
  importModelsRoute,
  listProviderModelsRoute,
  listRemoteModelsRoute,
  listUsableModelsRoute,
  updateProviderModelRoute,
} from "./providers-models";

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const providersRoutes: readonly AnyRouteDefinition[] = [
  listProviderPresetsRoute,
  listProvidersRoute,
  createProviderRoute,
  getProviderRoute,
  updateProviderRoute,
  deleteProviderRoute,
  testProviderRoute,
  listRemoteModelsRoute,
  listProviderModelsRoute,
  importModelsRoute,
  listUsableModelsRoute,
  updateProviderModelRoute,
  deleteProviderModelRoute,
  listAllowRulesRoute,
  createAllowRuleRoute,
  updateAllowRuleRoute,
  deleteAllowRuleRoute,
  ...localModelRoutes,
];
