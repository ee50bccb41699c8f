import { z } from "zod";
import { diffVersions } from "@/lib/prompts/diff";
import { variableValuesInput, versionSpecInput } from "@/lib/prompts/schemas";
import { createVersion, getVersionByNumber, listVersions, previewVersion } from "@/lib/prompts/versions";
import { defineRoute } from "../route";
import { PROMPTS_TAG, templatePathParams } from "./prompts";
import { promptDiffResource, promptPreviewResource, promptVersionResource, promptVersionSummaryResource } from "./prompts-schemas";
import { toVersionSummaryView, toVersionView } from "./prompts-views";

/** Version specs may carry up to 200 examples of 8,000 characters, beyond the default 1 MiB body limit. */
const SPEC_BODY_BYTES = 8 * 1024 * 1024;

const versionNumber = z.coerce.number({ error: "Expected a version number" }).int("Expected a whole number").min(1, "Versions start at 1");

export const listPromptVersionsRoute = defineRoute({
  method: "GET",
  path: "/prompts/{name}/versions",
  operationId: "listPromptVersions",
  summary: "List a template's versions",
  description: "Lists the versions newest first, without their message texts, with the labels that point at each.",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  response: z.array(promptVersionSummaryResource),
  async handler({ actor, db, params }) {
    const versions = await listVersions(db, actor, params.name);
    return { data: versions.map(toVersionSummaryView) };
  },
});

export const createPromptVersionRoute = defineRoute({
  method: "POST",
  path: "/prompts/{name}/versions",
  operationId: "createPromptVersion",
  summary: "Create a prompt version",
  description:
    "Saves a complete spec as the next version (number = newest + 1). Versions are immutable: there is no update route. The few-shot set's examples are copied now, so later edits of the set leave this version unchanged. Every {{placeholder}} must be declared in `variables` (reason prompts.undefined_variable with name, message and offset), the output schema must be valid JSON Schema (prompts.invalid_schema) and self-consistency may ask for at most LUODI_MAX_SAMPLES samples (prompts.too_many_samples).",
  tag: PROMPTS_TAG,
  permission: "prompts.write",
  params: templatePathParams,
  body: versionSpecInput,
  maxBodyBytes: SPEC_BODY_BYTES,
  response: promptVersionResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { version, audit } = await createVersion(db, actor, params.name, body);
    return { data: toVersionView({ ...version, labels: [] }), audit };
  },
});

export const previewPromptVersionRoute = defineRoute({
  method: "POST",
  path: "/prompts/{name}/preview",
  operationId: "previewPromptVersion",
  summary: "Check and render an unsaved version",
  description: "Runs the checks that saving runs and, when they pass, renders the spec with the given values. Saves nothing.",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  body: z.object({ spec: versionSpecInput, values: variableValuesInput.default({}) }).strict(),
  maxBodyBytes: SPEC_BODY_BYTES,
  response: promptPreviewResource,
  async handler({ actor, db, params, body }) {
    return { data: await previewVersion(db, actor, params.name, body.spec, body.values) };
  },
});

export const getPromptVersionRoute = defineRoute({
  method: "GET",
  path: "/prompts/{name}/versions/{number}",
  operationId: "getPromptVersion",
  summary: "Get a prompt version by number",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams.extend({ number: versionNumber.describe("Version number") }),
  response: promptVersionResource,
  async handler({ actor, db, params }) {
    const { version } = await getVersionByNumber(db, actor.workspaceId, params.name, params.number);
    return { data: toVersionView(version) };
  },
});

export const diffPromptVersionsRoute = defineRoute({
  method: "GET",
  path: "/prompts/{name}/diff",
  operationId: "diffPromptVersions",
  summary: "Compare two versions",
  description: "Line-level differences from version `from` to version `to` in messages, variables, examples, strategy, output schema, parameters and model.",
  tag: PROMPTS_TAG,
  permission: "console.read",
  params: templatePathParams,
  query: z.object({ from: versionNumber.describe("Older version number"), to: versionNumber.describe("Newer version number") }),
  response: promptDiffResource,
  async handler({ actor, db, params, query }) {
    return { data: await diffVersions(db, actor, params.name, query.from, query.to) };
  },
});
