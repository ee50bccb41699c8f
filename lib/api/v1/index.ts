import { z } from "zod";
import packageJson from "@/package.json";
import { buildOpenApiDocument } from "../openapi";
import { defineRoute, PUBLIC, type AnyRouteDefinition } from "../route";
import { listAuditEventsRoute } from "./audit-events";
import { archiveDatasetRoute, createDatasetRoute, getDatasetRoute, listDatasetsRoute, restoreDatasetRoute, updateDatasetRoute } from "./datasets";
import { downloadTaskFileRoute } from "./datasets-downloads";
import {
  cancelImportRoute,
  commitImportRoute,
  configureImportRoute,
  createImportRoute,
  getImportRoute,
  listImportIssuesRoute,
  listImportsRoute,
} from "./datasets-imports";
import { discardDraftRoute, editRowRoute, openDraftRoute, rowHistoryRoute } from "./datasets-rows";
import {
  cleanVersionRoute,
  exportVersionRoute,
  getTaskRoute,
  listTasksRoute,
  previewCleanRoute,
  saveDraftRoute,
  splitVersionRoute,
} from "./datasets-tasks";
import { uploadDatasetFileRoute, uploadDatasetTextRoute } from "./datasets-uploads";
import { diffVersionRoute, getVersionRoute, listRowsRoute, listVersionsRoute } from "./datasets-versions";
import { experimentsRoutes } from "./experiments-routes";
import { finetuneRoutes } from "./finetune-routes";
import { mediaRoutes } from "./media-routes";
import { mediaQuestionRoutes } from "./media-questions-routes";
import { extractionRoutes } from "./extraction-routes";
import { mediaActionsRoutes } from "./media-actions-routes";
import { gatewayRoutes } from "./gateway-routes";
import { playgroundRoutes } from "./playground-routes";
import { promptsRoutes } from "./prompts-routes";
import { providersRoutes } from "./providers-routes";
import { usageRoutes } from "./usage-routes";
import { createInvitationRoute, listInvitationsRoute, revokeInvitationRoute } from "./invitations";
import { getMe } from "./me";
import { createTokenRoute, listTokensRoute, revokeTokenRoute } from "./tokens";
import { createUserRoute, getUserRoute, listUsersRoute, resetUserPasswordRoute, updateUserRoute } from "./users";

export const openApiDocumentRoute = defineRoute({
  method: "GET",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "Get this OpenAPI document",
  tag: "Meta",
  permission: PUBLIC,
  envelope: false,
  response: z.record(z.string(), z.unknown()).describe("An OpenAPI 3.1 document"),
  async handler({ baseUrl }) {
    return { data: buildOpenApiDocument(v1Routes, { serverUrl: `${baseUrl}/api/v1`, version: packageJson.version }) };
  },
});

/** Every route of the management API, in the order the document lists them. Add new routes here. */
export const v1Routes: readonly AnyRouteDefinition[] = [
  getMe,
  listUsersRoute,
  createUserRoute,
  getUserRoute,
  updateUserRoute,
  resetUserPasswordRoute,
  listInvitationsRoute,
  createInvitationRoute,
  revokeInvitationRoute,
  listTokensRoute,
  createTokenRoute,
  revokeTokenRoute,
  listAuditEventsRoute,
  listDatasetsRoute,
  createDatasetRoute,
  getDatasetRoute,
  updateDatasetRoute,
  archiveDatasetRoute,
  restoreDatasetRoute,
  uploadDatasetFileRoute,
  uploadDatasetTextRoute,
  createImportRoute,
  listImportsRoute,
  getImportRoute,
  configureImportRoute,
  commitImportRoute,
  cancelImportRoute,
  listImportIssuesRoute,
  listVersionsRoute,
  getVersionRoute,
  listRowsRoute,
  diffVersionRoute,
  previewCleanRoute,
  cleanVersionRoute,
  splitVersionRoute,
  exportVersionRoute,
  listTasksRoute,
  getTaskRoute,
  downloadTaskFileRoute,
  openDraftRoute,
  discardDraftRoute,
  saveDraftRoute,
  editRowRoute,
  rowHistoryRoute,
  ...providersRoutes,
  ...playgroundRoutes,
  ...promptsRoutes,
  ...experimentsRoutes,
  ...finetuneRoutes,
  ...usageRoutes,
  ...gatewayRoutes,
  ...mediaRoutes,
  ...mediaQuestionRoutes,
  ...extractionRoutes,
  ...mediaActionsRoutes,
  openApiDocumentRoute,
];
