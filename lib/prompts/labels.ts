import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { can as roleCan, type Permission, type Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { promptNotFound } from "./errors";
import { getTemplateByName, TEMPLATE_TARGET } from "./templates";

/*
 * Labels such as production and staging point at one version of a template; the gateway and the API
 * resolve `name@label`. Moving a label publishes a version, and moving it back is the rollback, so every
 * move needs prompts.publish (prompts.write is not enough) and is audited with both version numbers.
 */

export const LABEL_MOVE_ACTION = "prompts.label_move";
export const LABEL_DELETE_ACTION = "prompts.label_delete";

/** The permission check labels use; tests pass their own table to prove the check is made here and not only in the route. */
export type PermissionCheck = (role: Role, permission: Permission) => boolean;

function assertCanPublish(actor: Actor, check: PermissionCheck) {
  if (check(actor.role, "prompts.publish")) return;
  throw new AppError("FORBIDDEN", `Your role (${actor.role}) lacks the prompts.publish permission, which moving a label needs`, {
    reason: "prompts.publish_required",
  });
}

export type LabelMove = { label: string; from: number | null; to: number | null; at: Date; actorEmail: string | null };

/** Label moves of a template recorded in the audit log, newest first. */
export async function listLabelHistory(db: Db, workspaceId: string, templateId: string, limit = 100): Promise<LabelMove[]> {
  const events = await db.auditEvent.findMany({
    where: { workspaceId, targetType: TEMPLATE_TARGET, targetId: templateId, action: { in: [LABEL_MOVE_ACTION, LABEL_DELETE_ACTION] } },
    orderBy: { id: "desc" },
    take: limit,
  });
  return events.map((event) => {
    const changes = (event.changes ?? {}) as { label?: unknown; version?: { from?: unknown; to?: unknown } };
    return {
      label: String(changes.label ?? ""),
      from: typeof changes.version?.from === "number" ? changes.version.from : null,
      to: typeof changes.version?.to === "number" ? changes.version.to : null,
      at: event.createdAt,
      actorEmail: event.actorEmail,
    };
  });
}

/**
 * A template's labels with the version each points at and, from the audit log, the version it pointed at
 * before its last move: the target of "Roll back to vN".
 */
export async function listLabels(db: Db, actor: Actor, name: string) {
  const template = await getTemplateByName(db, actor.workspaceId, name);
  const labels = await db.promptLabel.findMany({
    where: { templateId: template.id },
    include: { version: { select: { number: true } } },
    orderBy: { name: "asc" },
  });
  const history = await listLabelHistory(db, actor.workspaceId, template.id);

  return labels.map((label) => {
    const lastMove = history.find((move) => move.label === label.name && move.to === label.version.number);
    return {
      name: label.name,
      versionId: label.versionId,
      versionNumber: label.version.number,
      updatedAt: label.updatedAt,
      updatedById: label.updatedById,
      previousVersionNumber: lastMove?.from ?? null,
    };
  });
}

/**
 * Points a label at a version, creating the label on first use. Moving it to the version it already
 * points at changes nothing and records no event.
 */
export async function moveLabel(
  db: Db,
  actor: Actor,
  name: string,
  label: string,
  versionNumber: number,
  options: { can?: PermissionCheck } = {},
) {
  assertCanPublish(actor, options.can ?? roleCan);
  const template = await getTemplateByName(db, actor.workspaceId, name);
  const version = await db.promptVersion.findUnique({ where: { templateId_number: { templateId: template.id, number: versionNumber } }, select: { id: true, number: true } });
  if (!version) throw promptNotFound("prompt version", "prompts.version_not_found", { name, number: versionNumber });

  const key = { templateId_name: { templateId: template.id, name: label } };
  const before = await db.promptLabel.findUnique({ where: key, include: { version: { select: { number: true } } } });
  if (before?.versionId === version.id) {
    return { label: { name: label, versionId: version.id, versionNumber: version.number }, audit: null };
  }

  await db.promptLabel.upsert({
    where: key,
    create: { templateId: template.id, name: label, versionId: version.id, updatedById: actor.userId },
    update: { versionId: version.id, updatedById: actor.userId },
  });
  await db.promptTemplate.update({ where: { id: template.id }, data: { updatedAt: new Date() } });

  const audit: AuditEntry = {
    action: LABEL_MOVE_ACTION,
    targetType: TEMPLATE_TARGET,
    targetId: template.id,
    changes: { label, version: { from: before?.version.number ?? null, to: version.number } },
  };
  return { label: { name: label, versionId: version.id, versionNumber: version.number }, audit };
}

/** Removes a label, after which `name@label` no longer resolves. Needs prompts.publish like a move. */
export async function deleteLabel(db: Db, actor: Actor, name: string, label: string, options: { can?: PermissionCheck } = {}) {
  assertCanPublish(actor, options.can ?? roleCan);
  const template = await getTemplateByName(db, actor.workspaceId, name);
  const before = await db.promptLabel.findUnique({ where: { templateId_name: { templateId: template.id, name: label } }, include: { version: { select: { number: true } } } });
  if (!before) throw promptNotFound("prompt label", "prompts.label_not_found", { name, label });

  await db.promptLabel.delete({ where: { id: before.id } });
  const audit: AuditEntry = {
    action: LABEL_DELETE_ACTION,
    targetType: TEMPLATE_TARGET,
    targetId: template.id,
    changes: { label, version: { from: before.version.number, to: null } },
  };
  return { label: { name: label, versionNumber: before.version.number }, audit };
}
