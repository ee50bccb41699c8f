import { z } from "zod";
import { createTemplateInput, updateTemplateInput } from "@/lib/prompts/schemas";
import { createTemplate, getTemplateByName, listTemplates, setTemplateArchived, updateTemplate } from "@/lib/prompts/templates";
import { defineRoute } from "../route";
import { promptTemplateResource, promptTemplateSummaryResource } from "./prompts-schemas";
import { toTemplateView } from "./prompts-views";

export const PROMPTS_TAG = "Prompts";

export const templatePathParams = z.object({ name: z.string().min(1).max(100).describe("Template name") });

const listQuery = z.object({
  includeArchived: z
    .enum(["true", "false"], { error: "Expected true or false" })
    .default("false")
    .transform((value) => value === "true")
    .describe("Also list archived templates"),
});

export const listPromptTemplatesRoute = defineRoute({
  method: "GET",
  path: "/prompts",
  operationId: "listPromptTemplates",
  summary: "List prompt templates",
  description: "Lists the workspace's prompt templates with their labels and newest version number, most recently updated first.",
  tag: PROMPTS_TAG,
  permission: "console.read",
  query: listQuery,
  response: z.array(promptTemplateSummaryResource),
  async handler({ actor, db, query }) {
    const templates = await listTemplates(db, actor, { includeArchived: query.includeArchived });
    const data = templates.map(({ labels, latestVersionNumber, versionCount, ...template }) => ({
      ...toTemplateView(template),
      labels: labels.map(({ name, versionNumber }) => ({ name, versionNumber })),
      latestVersionNumber,
      versionCount,
    }));
    return { data };
  },
});

export const createPromptTemplateRoute = defineRoute({
  method: "POST",
  path: "/prompts",
  operationId: "createPromptTemplate",
  summary: "Create a prompt template",
  description: "Creates a template without versions. The name is lower-case letters, digits, - and _, unique in the workspace.",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  body: createTemplateInput.strict(),
  response: promptTemplateResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { template, audit } = await createTemplate(db, actor, body);
    return { data: toTemplateView(template), audit };
  },
});

export const getPromptTemplateRoute = defineRoute({
  method: "GET",
  path: "/prompts/{name}",
  operationId: "getPromptTemplate",
  summary: "Get a prompt template",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  response: promptTemplateResource,
  async handler({ actor, db, params }) {
    return { data: toTemplateView(await getTemplateByName(db, actor.workspaceId, params.name)) };
  },
});

export const updatePromptTemplateRoute = defineRoute({
  method: "PATCH",
  path: "/prompts/{name}",
  operationId: "updatePromptTemplate",
  summary: "Rename or describe a prompt template",
  description: "Changes the name or description. A new name changes the address callers resolve (prompt:<name>@<label>).",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  params: templatePathParams,
  body: updateTemplateInput.strict().refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  response: promptTemplateResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { template, audit } = await updateTemplate(db, actor, params.name, body);
    return { data: toTemplateView(template), audit };
  },
});

export const archivePromptTemplateRoute = defineRoute({
  method: "POST",
  path: "/prompts/{name}/archive",
  operationId: "archivePromptTemplate",
  summary: "Archive a prompt template",
  description: "Hides the template from the default list. Its versions and labels still resolve.",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  params: templatePathParams,
  response: promptTemplateResource,
  async handler({ actor, db, params }) {
    const { template, audit } = await setTemplateArchived(db, actor, params.name, true);
    return { data: toTemplateView(template), audit };
  },
});

export const restorePromptTemplateRoute = defineRoute({
  method: "POST",
  path: "/prompts/{name}/restore",
  operationId: "restorePromptTemplate",
  summary: "Restore an archived prompt template",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  params: templatePathParams,
  response: promptTemplateResource,
  async handler({ actor, db, params }) {
    const { template, audit } = await setTemplateArchived(db, actor, params.name, false);
    return { data: toTemplateView(template), audit };
  },
});
