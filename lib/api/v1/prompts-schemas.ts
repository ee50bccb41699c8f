import { z } from "zod";
import { DIFF_PARTS } from "@/lib/prompts/diff";
import { exampleInput, paramsInput, promptMessageInput, strategyInput, variableInput } from "@/lib/prompts/schemas";

/*
 * Wire shapes of the prompts and few-shot API. Dates are ISO 8601 strings. Each schema with an `id`
 * becomes a component of the OpenAPI document, and the tests parse real responses with them.
 */

const dateTime = z.iso.datetime();
const jsonObject = z.record(z.string(), z.unknown());
const count = z.number().int().min(0);

const labelRef = z.object({ name: z.string(), versionNumber: z.number().int() });

export const promptTemplateResource = z
  .object({
    id: z.string(),
    name: z.string().describe("Address used by the API and gateway: prompt:<name>@<label>"),
    description: z.string(),
    createdById: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    archivedAt: dateTime.nullable(),
  })
  .meta({ id: "PromptTemplate", description: "A named prompt with immutable versions and labels" });

export const promptTemplateSummaryResource = promptTemplateResource
  .extend({
    labels: z.array(labelRef).describe("Labels and the version number each points at"),
    latestVersionNumber: z.number().int().nullable(),
    versionCount: count,
  })
  .meta({ id: "PromptTemplateSummary", description: "A template with its labels and newest version number" });

const promptVersionFields = {
  id: z.string(),
  templateId: z.string(),
  number: z.number().int().describe("1, 2, 3... in creation order"),
  strategy: strategyInput,
  modelId: z.string().nullable(),
  message: z.string().describe("What changed in this version"),
  createdById: z.string().nullable(),
  createdAt: dateTime,
  labels: z.array(z.string()).describe("Labels that point at this version"),
};

export const promptVersionSummaryResource = z
  .object({
    ...promptVersionFields,
    messageCount: count,
    variableNames: z.array(z.string()),
    exampleCount: count,
    hasOutputSchema: z.boolean(),
  })
  .meta({ id: "PromptVersionSummary", description: "A prompt version without its message texts" });

export const promptVersionResource = z
  .object({
    ...promptVersionFields,
    messages: z.array(promptMessageInput),
    variables: z.array(variableInput),
    fewShotSetId: z.string().nullable().describe("The set the examples were copied from; it may have changed or been deleted since"),
    fewShotExamples: z.array(exampleInput).describe("Copy of the examples taken when the version was created"),
    outputSchema: jsonObject.nullable(),
    params: paramsInput,
  })
  .meta({ id: "PromptVersion", description: "An immutable prompt version" });

export const promptLabelResource = z
  .object({
    name: z.string(),
    versionId: z.string(),
    versionNumber: z.number().int(),
    updatedAt: dateTime,
    updatedById: z.string().nullable(),
    previousVersionNumber: z.number().int().nullable().describe("Version the label pointed at before its last move; moving it there is the rollback"),
  })
  .meta({ id: "PromptLabel", description: "A label such as production or staging and the version it points at" });

export const movedLabelResource = z
  .object({ name: z.string(), versionId: z.string(), versionNumber: z.number().int() })
  .meta({ id: "PromptLabelMove", description: "Where the label points now" });

export const deletedLabelResource = z
  .object({ name: z.string(), versionNumber: z.number().int().describe("Version it pointed at") })
  .meta({ id: "DeletedPromptLabel", description: "A removed label" });

const diffLine = z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string() });

export const promptDiffResource = z
  .object({
    from: z.object({ id: z.string(), number: z.number().int() }),
    to: z.object({ id: z.string(), number: z.number().int() }),
    sections: z.array(
      z.object({
        part: z.enum(DIFF_PARTS),
        changed: z.boolean(),
        lines: z.array(diffLine).describe("Line-level diff; messages are written as [role] lines followed by their content, other parts as JSON"),
      }),
    ),
  })
  .meta({ id: "PromptVersionDiff", description: "Line-level differences between two versions of one template" });

export const resolvedPromptResource = z
  .object({
    id: z.string().describe("Version id"),
    templateId: z.string(),
    templateName: z.string(),
    number: z.number().int(),
    messages: z.array(promptMessageInput),
    variables: z.array(variableInput),
    fewShotExamples: z.array(exampleInput),
    strategy: strategyInput,
    outputSchema: jsonObject.nullable(),
    params: paramsInput,
    modelId: z.string().nullable(),
  })
  .meta({ id: "ResolvedPrompt", description: "The version spec a name and label (or version number) resolve to" });

const chatMessage = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });

const renderedFields = {
  messages: z.array(chatMessage).describe("Messages to send, with examples and instructions of the strategy"),
  params: jsonObject.describe("Sampling parameters in OpenAI's names, with response_format when the version has an output schema"),
  samples: z.number().int().min(1).describe("Requests to send; above 1 only for self-consistency, whose answers go to a majority vote"),
  strategy: strategyInput,
};

export const renderedPromptResource = z
  .object({
    version: z.object({ id: z.string(), number: z.number().int(), templateName: z.string() }),
    ...renderedFields,
  })
  .meta({ id: "RenderedPrompt", description: "A prompt version compiled with variable values" });

export const specIssueResource = z
  .object({
    reason: z.string().describe("Key such as prompts.undefined_variable"),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).describe("Values such as name, message (0-based index), offset, line and column"),
  })
  .meta({ id: "PromptSpecIssue", description: "A problem that stops a version spec from being saved or rendered" });

export const promptPreviewResource = z
  .object({
    issues: z.array(specIssueResource),
    rendered: z.object(renderedFields).nullable().describe("Null while there are issues"),
    maxSamples: z.number().int().describe("Most self-consistency samples allowed (LUODI_MAX_SAMPLES)"),
  })
  .meta({ id: "PromptPreview", description: "The checks and rendering of an unsaved version" });

export const fewShotSetSummaryResource = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    exampleCount: count,
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "FewShotSetSummary", description: "A few-shot set without its examples" });

export const fewShotSetResource = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    examples: z.array(exampleInput),
    createdById: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "FewShotSet", description: "Reusable few-shot examples; versions copy them when created" });
