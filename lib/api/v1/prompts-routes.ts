import type { AnyRouteDefinition } from "../route";
import { createFewShotSetRoute, deleteFewShotSetRoute, getFewShotSetRoute, listFewShotSetsRoute, updateFewShotSetRoute } from "./few-shot-sets";
import {
  archivePromptTemplateRoute,
  createPromptTemplateRoute,
  getPromptTemplateRoute,
  listPromptTemplatesRoute,
  restorePromptTemplateRoute,
  updatePromptTemplateRoute,
} from "./prompts";
import { deletePromptLabelRoute, listPromptLabelsRoute, movePromptLabelRoute } from "./prompts-labels";
import { renderPromptRoute, resolvePromptRoute } from "./prompts-resolve";
import {
  createPromptVersionRoute,
  diffPromptVersionsRoute,
  getPromptVersionRoute,
  listPromptVersionsRoute,
  previewPromptVersionRoute,
} from "./prompts-versions";

/** Management API routes of this area, in the order the OpenAPI document lists them. */
export const promptsRoutes: readonly AnyRouteDefinition[] = [
  listPromptTemplatesRoute,
  createPromptTemplateRoute,
  getPromptTemplateRoute,
  updatePromptTemplateRoute,
  archivePromptTemplateRoute,
  restorePromptTemplateRoute,
  listPromptVersionsRoute,
  createPromptVersionRoute,
  getPromptVersionRoute,
  previewPromptVersionRoute,
  diffPromptVersionsRoute,
  listPromptLabelsRoute,
  movePromptLabelRoute,
  deletePromptLabelRoute,
  resolvePromptRoute,
  renderPromptRoute,
  listFewShotSetsRoute,
  createFewShotSetRoute,
  getFewShotSetRoute,
  updateFewShotSetRoute,
  deleteFewShotSetRoute,
];
