import { z } from "zod";
import { deleteLabel, listLabels, moveLabel } from "@/lib/prompts/labels";
import { labelName } from "@/lib/prompts/schemas";
import { defineRoute } from "../route";
import { PROMPTS_TAG, templatePathParams } from "./prompts";
import { deletedLabelResource, movedLabelResource, promptLabelResource } from "./prompts-schemas";

const labelPathParams = templatePathParams.extend({ label: labelName.describe("Label name: production, staging or lower-case letters, digits and -") });

export const listPromptLabelsRoute = defineRoute({
  method: "GET",
  path: "/prompts/{name}/labels",
  operationId: "listPromptLabels",
  summary: "List a template's labels",
  description: "Each label with the version it points at and, when known, the version it pointed at before its last move (the rollback target).",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  response: z.array(promptLabelResource),
  async handler({ actor, db, params }) {
    return { data: await listLabels(db, actor, params.name) };
  },
});

export const movePromptLabelRoute = defineRoute({
  method: "PUT",
  path: "/prompts/{name}/labels/{label}",
  operationId: "movePromptLabel",
  summary: "Move a label to a version",
  description:
    "Points the label at a version, creating it on first use. This publishes the version to callers that resolve name@label, and moving a label back is the rollback. Needs prompts.publish; each move is audited with the version numbers before and after.",
  tag: PROMPTS_TAG,
  permission: "prompts.publish",
  params: labelPathParams,
  body: z.object({ version: z.number().int().min(1).describe("Version number to point at") }).strict(),
  response: movedLabelResource,
  async handler({ actor, db, params, body }) {
    const { label, audit } = await moveLabel(db, actor, params.name, params.label, body.version);
    return { data: label, audit };
  },
});

export const deletePromptLabelRoute = defineRoute({
  method: "DELETE",
  path: "/prompts/{name}/labels/{label}",
  operationId: "deletePromptLabel",
  summary: "Remove a label",
  description: "After removal, name@label no longer resolves. Needs prompts.publish.",
  tag: PROMPTS_TAG,
  permission: "prompts.publish",
  params: labelPathParams,
  response: deletedLabelResource,
  async handler({ actor, db, params }) {
    const { label, audit } = await deleteLabel(db, actor, params.name, params.label);
    return { data: label, audit };
  },
});
