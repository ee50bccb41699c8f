import { z } from "zod";
import { AppError } from "@/lib/errors";
import { renderPrompt } from "@/lib/prompts/render";
import { labelName, variableValuesInput } from "@/lib/prompts/schemas";
import { resolvePromptByLabel, resolvePromptByVersion } from "@/lib/prompts/versions";
import type { Db } from "@/lib/db/client";
import { defineRoute } from "../route";
import { PROMPTS_TAG, templatePathParams } from "./prompts";
import { renderedPromptResource, resolvedPromptResource } from "./prompts-schemas";

/** A label or a version number, never both; resolving needs one of them. */
function resolveTarget(db: Db, workspaceId: string, name: string, target: { label?: string; version?: number }) {
  if ((target.label === undefined) === (target.version === undefined)) {
    throw new AppError("INVALID_INPUT", "Give either label or version, not both and not neither", {
      reason: "prompts.label_or_version",
      fieldErrors: { label: ["Give either label or version"] },
    });
  }
  return target.label !== undefined ? resolvePromptByLabel(db, workspaceId, name, target.label) : resolvePromptByVersion(db, workspaceId, name, target.version!);
}

export const resolvePromptRoute = defineRoute({
  method: "GET",
  path: "/prompts/{name}/resolve",
  operationId: "resolvePrompt",
  summary: "Resolve a prompt by label or version",
  description: "Returns the version spec that name@label (for example support-reply@production) or a version number points at.",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  query: z.object({
    label: labelName.optional().describe("Label such as production"),
    version: z.coerce.number({ error: "Expected a version number" }).int().min(1).optional().describe("Version number"),
  }),
  response: resolvedPromptResource,
  async handler({ actor, db, params, query }) {
    return { data: await resolveTarget(db, actor.workspaceId, params.name, query) };
  },
});

export const renderPromptRoute = defineRoute({
  method: "POST",
  path: "/prompts/{name}/render",
  operationId: "renderPrompt",
  summary: "Render a prompt with variable values",
  description:
    "Resolves the label or version and compiles it with the values: the messages to send (with the strategy's examples and instructions) and the parameters. This is what the gateway does for model prompt:<name>@<label>. Fails with prompts.missing_value when a used variable has neither a value nor a default.",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  body: z
    .object({
      label: labelName.optional(),
      version: z.number().int().min(1).optional(),
      variables: variableValuesInput.default({}),
    })
    .strict(),
  response: renderedPromptResource,
  async handler({ actor, db, params, body }) {
    const resolved = await resolveTarget(db, actor.workspaceId, params.name, body);
    const rendered = renderPrompt(resolved, body.variables);
    return { data: { version: { id: resolved.id, number: resolved.number, templateName: resolved.templateName }, ...rendered } };
  },
});
