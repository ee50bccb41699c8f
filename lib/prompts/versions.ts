import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ChatParams } from "@/lib/llm/types";
import { issueError, promptNotFound } from "./errors";
import { getFewShotSet } from "./few-shot-sets";
import type { VersionSpecInput } from "./schemas";
import { previewSpec } from "./render";
import { findSpecIssues } from "./spec-issues";
import { getTemplateByName, TEMPLATE_TARGET } from "./templates";
import type { FewShotExample, PromptMessage, PromptVariable, PromptVersionSpec, Strategy } from "./types";

type VersionRow = Awaited<ReturnType<Db["promptVersion"]["findFirstOrThrow"]>>;

/** A stored version with its JSON columns typed. */
export type PromptVersionRecord = Omit<VersionRow, "messages" | "variables" | "fewShotExamples" | "strategy" | "outputSchema" | "params"> &
  PromptVersionSpec;

/** A version spec with its origin, as loadVersionSpec and the resolvers return it. */
export type ResolvedVersionSpec = PromptVersionSpec & { id: string; templateId: string; number: number; templateName: string; modelId: string | null };

/** Types a version row. The JSON columns were validated when the version was created and never change. */
export function toVersionRecord(row: VersionRow): PromptVersionRecord {
  return {
    ...row,
    messages: row.messages as PromptMessage[],
    variables: (row.variables ?? []) as PromptVariable[],
    fewShotExamples: (row.fewShotExamples ?? []) as FewShotExample[],
    strategy: row.strategy as Strategy,
    outputSchema: (row.outputSchema ?? null) as Record<string, unknown> | null,
    params: (row.params ?? {}) as ChatParams,
  };
}

export function specOf(version: PromptVersionRecord): PromptVersionSpec {
  const { messages, variables, fewShotExamples, strategy, outputSchema, params } = version;
  return { messages, variables, fewShotExamples, strategy, outputSchema, params };
}

/** Versions of a template, newest first, with the labels that point at each. */
export async function listVersions(db: Db, actor: Actor, name: string) {
  const template = await getTemplateByName(db, actor.workspaceId, name);
  const rows = await db.promptVersion.findMany({
    where: { templateId: template.id },
    orderBy: { number: "desc" },
    include: { labels: { select: { name: true }, orderBy: { name: "asc" } } },
  });
  return rows.map(({ labels, ...row }) => ({ ...toVersionRecord(row), labels: labels.map((label) => label.name) }));
}

export async function getVersionByNumber(db: Db, workspaceId: string, name: string, number: number) {
  const template = await getTemplateByName(db, workspaceId, name);
  const row = await db.promptVersion.findUnique({
    where: { templateId_number: { templateId: template.id, number } },
    include: { labels: { select: { name: true }, orderBy: { name: "asc" } } },
  });
  if (!row) throw promptNotFound("prompt version", "prompts.version_not_found", { name, number });
  const { labels, ...version } = row;
  return { template, version: { ...toVersionRecord(version), labels: labels.map((label) => label.name) } };
}

/**
 * Creates the next version of a template from a full spec. Few-shot examples are copied from the chosen
 * set now, so later edits of the set leave this version as it was. Every placeholder must be declared, the
 * strategy must fit the examples and LUODI_MAX_SAMPLES, and the output schema must be valid JSON Schema.
 */
export async function createVersion(db: Db, actor: Actor, name: string, input: VersionSpecInput, options: { maxSamples?: number } = {}) {
  const template = await getTemplateByName(db, actor.workspaceId, name);
  const maxSamples = options.maxSamples ?? env().LUODI_MAX_SAMPLES;

  const spec = await specFromInput(db, actor.workspaceId, input);
  const issue = findSpecIssues(spec, maxSamples)[0];
  if (issue) throw issueError(issue);
  if (input.modelId) await assertModelInWorkspace(db, actor.workspaceId, input.modelId);

  const version = await insertNextVersion(db, template.id, {
    messages: spec.messages,
    variables: spec.variables,
    fewShotSetId: input.fewShotSetId,
    fewShotExamples: spec.fewShotExamples,
    strategy: spec.strategy,
    outputSchema: spec.outputSchema === null ? undefined : (spec.outputSchema as Prisma.InputJsonObject),
    params: spec.params as Prisma.InputJsonObject,
    modelId: input.modelId,
    message: input.message,
    createdById: actor.userId,
  });
  await db.promptTemplate.update({ where: { id: template.id }, data: { updatedAt: new Date() } });

  const audit: AuditEntry = {
    action: "prompts.version_create",
    targetType: TEMPLATE_TARGET,
    targetId: template.id,
    changes: { version: version.number, strategy: spec.strategy.kind, ...(input.fewShotSetId ? { fewShotSetId: input.fewShotSetId } : {}) },
  };
  return { template, version: toVersionRecord(version), audit };
}

/** Builds the spec a version input describes, copying the examples of its few-shot set when it names one. */
export async function specFromInput(db: Db, workspaceId: string, input: VersionSpecInput): Promise<PromptVersionSpec> {
  const fewShotExamples = input.fewShotSetId ? (await getFewShotSet(db, workspaceId, input.fewShotSetId)).examples : (input.fewShotExamples ?? []);
  return {
    messages: input.messages,
    variables: input.variables,
    fewShotExamples,
    strategy: input.strategy,
    outputSchema: input.outputSchema,
    params: input.params,
  };
}

/** Checks and renders an unsaved version of a template, as the editor's preview shows it. */
export async function previewVersion(db: Db, actor: Actor, name: string, input: VersionSpecInput, values: Record<string, string>, options: { maxSamples?: number } = {}) {
  await getTemplateByName(db, actor.workspaceId, name);
  const maxSamples = options.maxSamples ?? env().LUODI_MAX_SAMPLES;
  const spec = await specFromInput(db, actor.workspaceId, input);
  return { ...previewSpec(spec, values, { maxSamples }), maxSamples };
}

type NewVersionData = Omit<Prisma.PromptVersionUncheckedCreateInput, "templateId" | "number">;

/** Numbers a version one above the newest. Two saves at once collide on (templateId, number); the loser retries. */
async function insertNextVersion(db: Db, templateId: string, data: NewVersionData) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const newest = await db.promptVersion.findFirst({ where: { templateId }, orderBy: { number: "desc" }, select: { number: true } });
    try {
      return await db.promptVersion.create({ data: { ...data, templateId, number: (newest?.number ?? 0) + 1 } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError("CONFLICT", "Other versions were saved at the same moment; save again", { reason: "prompts.version_conflict" });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function assertModelInWorkspace(db: Db, workspaceId: string, modelId: string) {
  const model = await db.providerModel.findFirst({ where: { id: modelId, workspaceId }, select: { id: true } });
  if (!model) throw promptNotFound("provider model", "prompts.model_not_found", { id: modelId });
}

function resolved(templateName: string, row: VersionRow): ResolvedVersionSpec {
  const version = toVersionRecord(row);
  return { ...specOf(version), id: version.id, templateId: version.templateId, number: version.number, templateName, modelId: version.modelId };
}

/** Loads a version by id within a workspace, for experiments and the playground, which store version ids. */
export async function loadVersionSpec(db: Db, workspaceId: string, versionId: string): Promise<ResolvedVersionSpec> {
  const row = await db.promptVersion.findFirst({ where: { id: versionId, template: { workspaceId } }, include: { template: { select: { name: true } } } });
  if (!row) throw promptNotFound("prompt version", "prompts.version_not_found", { id: versionId });
  const { template, ...version } = row;
  return resolved(template.name, version);
}

/** Resolves `name@label` to the version the label points at, as the gateway does for `prompt:<name>@<label>`. */
export async function resolvePromptByLabel(db: Db, workspaceId: string, name: string, label: string): Promise<ResolvedVersionSpec> {
  const template = await getTemplateByName(db, workspaceId, name);
  const found = await db.promptLabel.findUnique({ where: { templateId_name: { templateId: template.id, name: label } }, include: { version: true } });
  if (!found) throw promptNotFound("prompt label", "prompts.label_not_found", { name, label });
  return resolved(template.name, found.version);
}

/** Resolves `name` and a version number. */
export async function resolvePromptByVersion(db: Db, workspaceId: string, name: string, number: number): Promise<ResolvedVersionSpec> {
  const template = await getTemplateByName(db, workspaceId, name);
  const row = await db.promptVersion.findUnique({ where: { templateId_number: { templateId: template.id, number } } });
  if (!row) throw promptNotFound("prompt version", "prompts.version_not_found", { name, number });
  return resolved(template.name, row);
}
