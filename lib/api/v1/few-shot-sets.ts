import { z } from "zod";
import { createFewShotSet, deleteFewShotSet, getFewShotSet, listFewShotSets, updateFewShotSet } from "@/lib/prompts/few-shot-sets";
import { createFewShotSetInput, updateFewShotSetInput } from "@/lib/prompts/schemas";
import { defineRoute } from "../route";
import { PROMPTS_TAG } from "./prompts";
import { fewShotSetResource, fewShotSetSummaryResource } from "./prompts-schemas";
import { toFewShotSetSummaryView, toFewShotSetView } from "./prompts-views";

/** 200 examples of up to 8,000 characters, up to 3 bytes each in UTF-8, plus JSON escaping. */
const SET_BODY_BYTES = 8 * 1024 * 1024;

const setPathParams = z.object({ setId: z.string().min(1).max(100).describe("Few-shot set id") });

export const listFewShotSetsRoute = defineRoute({
  method: "GET",
  path: "/few-shot-sets",
  operationId: "listFewShotSets",
  summary: "List few-shot sets",
  tag: PROMPTS_TAG,
  permission: "console.read",
  response: z.array(fewShotSetSummaryResource),
  async handler({ actor, db }) {
    return { data: (await listFewShotSets(db, actor)).map(toFewShotSetSummaryView) };
  },
});

export const createFewShotSetRoute = defineRoute({
  method: "POST",
  path: "/few-shot-sets",
  operationId: "createFewShotSet",
  summary: "Create a few-shot set",
  description: "Up to 200 examples of { input, output }, each at most 8,000 characters in total.",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  body: createFewShotSetInput.strict(),
  maxBodyBytes: SET_BODY_BYTES,
  response: fewShotSetResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { set, audit } = await createFewShotSet(db, actor, body);
    return { data: toFewShotSetView(set), audit };
  },
});

export const getFewShotSetRoute = defineRoute({
  method: "GET",
  path: "/few-shot-sets/{setId}",
  operationId: "getFewShotSet",
  summary: "Get a few-shot set with its examples",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: setPathParams,
  response: fewShotSetResource,
  async handler({ actor, db, params }) {
    return { data: toFewShotSetView(await getFewShotSet(db, actor.workspaceId, params.setId)) };
  },
});

export const updateFewShotSetRoute = defineRoute({
  method: "PATCH",
  path: "/few-shot-sets/{setId}",
  operationId: "updateFewShotSet",
  summary: "Change a few-shot set",
  description: "Changes the name, description or examples (sent whole). Versions made from the set keep the examples they copied.",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  params: setPathParams,
  body: updateFewShotSetInput.strict().refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  maxBodyBytes: SET_BODY_BYTES,
  response: fewShotSetResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { set, audit } = await updateFewShotSet(db, actor, params.setId, body);
    return { data: toFewShotSetView(set), audit };
  },
});

export const deleteFewShotSetRoute = defineRoute({
  method: "DELETE",
  path: "/few-shot-sets/{setId}",
  operationId: "deleteFewShotSet",
  summary: "Delete a few-shot set",
  description: "Versions made from the set keep their copy of its examples.",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  params: setPathParams,
  response: fewShotSetResource,
  async handler({ actor, db, params }) {
    const { set, audit } = await deleteFewShotSet(db, actor, params.setId);
    return { data: toFewShotSetView(set), audit };
  },
});
