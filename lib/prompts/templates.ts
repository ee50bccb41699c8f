import type { z } from "zod";
import { diffFields, type AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { promptNotFound } from "./errors";
import type { createTemplateInput, updateTemplateInput } from "./schemas";

export const TEMPLATE_TARGET = "prompt_template";

/** Templates of the actor's workspace with their labels, newest version number and version count, recently updated first. */
export async function listTemplates(db: Db, actor: Actor, options: { includeArchived?: boolean } = {}) {
  const templates = await db.promptTemplate.findMany({
    where: { workspaceId: actor.workspaceId, ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { updatedAt: "desc" },
    include: {
      labels: { include: { version: { select: { number: true } } }, orderBy: { name: "asc" } },
      versions: { select: { number: true, createdAt: true }, orderBy: { number: "desc" }, take: 1 },
      _count: { select: { versions: true } },
    },
  });

  return templates.map(({ labels, versions, _count, ...template }) => ({
    ...template,
    labels: labels.map((label) => ({ name: label.name, versionId: label.versionId, versionNumber: label.version.number })),
    latestVersionNumber: versions[0]?.number ?? null,
    versionCount: _count.versions,
  }));
}

/** Loads a template by name. Other workspaces' templates raise NOT_FOUND, so names reveal nothing. */
export async function getTemplateByName(db: Db, workspaceId: string, name: string) {
  const template = await db.promptTemplate.findUnique({ where: { workspaceId_name: { workspaceId, name } } });
  if (!template) throw promptNotFound("prompt template", "prompts.template_not_found", { name });
  return template;
}

async function assertNameFree(db: Db, workspaceId: string, name: string) {
  const existing = await db.promptTemplate.findUnique({ where: { workspaceId_name: { workspaceId, name } }, select: { id: true } });
  if (!existing) return;
  throw new AppError("CONFLICT", `A prompt template named "${name}" already exists; choose another name`, {
    reason: "prompts.name_taken",
    params: { name },
    fieldErrors: { name: ["A prompt template with this name already exists"] },
  });
}

export async function createTemplate(db: Db, actor: Actor, input: z.output<typeof createTemplateInput>) {
  await assertNameFree(db, actor.workspaceId, input.name);
  const template = await db.promptTemplate.create({
    data: { workspaceId: actor.workspaceId, name: input.name, description: input.description, createdById: actor.userId },
  });
  const audit: AuditEntry = { action: "prompts.create", targetType: TEMPLATE_TARGET, targetId: template.id, changes: { name: input.name } };
  return { template, audit };
}

/** Renames or re-describes a template. A rename changes the address callers resolve (prompt:<name>@<label>). */
export async function updateTemplate(db: Db, actor: Actor, name: string, input: z.output<typeof updateTemplateInput>) {
  const before = await getTemplateByName(db, actor.workspaceId, name);
  if (input.name && input.name !== before.name) await assertNameFree(db, actor.workspaceId, input.name);

  const template = await db.promptTemplate.update({ where: { id: before.id }, data: input });
  const audit: AuditEntry = { action: "prompts.update", targetType: TEMPLATE_TARGET, targetId: before.id, changes: diffFields(before, input) };
  return { template, audit };
}

/**
 * Archiving hides a template from the default list. Its versions and labels stay resolvable, so archiving
 * never silently stops what the gateway serves; move or delete the labels for that.
 */
export async function setTemplateArchived(db: Db, actor: Actor, name: string, archived: boolean) {
  const before = await getTemplateByName(db, actor.workspaceId, name);
  const template = await db.promptTemplate.update({ where: { id: before.id }, data: { archivedAt: archived ? new Date() : null } });
  const audit: AuditEntry = { action: archived ? "prompts.archive" : "prompts.restore", targetType: TEMPLATE_TARGET, targetId: before.id };
  return { template, audit };
}
