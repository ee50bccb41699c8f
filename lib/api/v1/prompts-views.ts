import type { FewShotSet } from "@/lib/prompts/few-shot-sets";
import { scanMessages } from "@/lib/prompts/template";
import type { PromptVersionRecord } from "@/lib/prompts/versions";
import type { PromptTemplate } from "@/lib/db/generated/client";

/*
 * Database records → the wire shapes in prompts-schemas.ts. Each view picks its fields by name. Dates stay
 * Date objects, which JSON.stringify writes as ISO 8601.
 */

export function toTemplateView(template: PromptTemplate) {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    createdById: template.createdById,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
    archivedAt: template.archivedAt,
  };
}

type VersionWithLabels = PromptVersionRecord & { labels: string[] };

function versionBase(version: VersionWithLabels) {
  return {
    id: version.id,
    templateId: version.templateId,
    number: version.number,
    strategy: version.strategy,
    modelId: version.modelId,
    message: version.message,
    createdById: version.createdById,
    createdAt: version.createdAt,
    labels: version.labels,
  };
}

export function toVersionSummaryView(version: VersionWithLabels) {
  return {
    ...versionBase(version),
    messageCount: version.messages.length,
    variableNames: scanMessages(version.messages).names,
    exampleCount: version.fewShotExamples.length,
    hasOutputSchema: version.outputSchema !== null,
  };
}

export function toVersionView(version: VersionWithLabels) {
  return {
    ...versionBase(version),
    messages: version.messages,
    variables: version.variables,
    fewShotSetId: version.fewShotSetId,
    fewShotExamples: version.fewShotExamples,
    outputSchema: version.outputSchema,
    params: version.params,
  };
}

export function toFewShotSetView(set: FewShotSet) {
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    examples: set.examples,
    createdById: set.createdById,
    createdAt: set.createdAt,
    updatedAt: set.updatedAt,
  };
}

export function toFewShotSetSummaryView(set: FewShotSet) {
  return { id: set.id, name: set.name, description: set.description, exampleCount: set.examples.length, createdAt: set.createdAt, updatedAt: set.updatedAt };
}
