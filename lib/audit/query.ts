import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  targetType: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  // Cursor: the id of the last event on the previous page.
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/**
 * Lists audit events of the actor's workspace, newest first, filtered by actor email or id (substring),
 * action (prefix, so "user." matches every user action), target and time range.
 */
export async function listAuditEvents(database: Db, actor: Actor, filter: AuditFilter) {
  const inWorkspace = { OR: [{ workspaceId: actor.workspaceId }, { workspaceId: null }] };
  const byActor = filter.actor
    ? { OR: [{ actorEmail: { contains: filter.actor, mode: "insensitive" as const } }, { actorId: filter.actor }] }
    : {};

  const events = await database.auditEvent.findMany({
    where: {
      AND: [inWorkspace, byActor],
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.targetType ? { targetType: filter.targetType } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
      ...(filter.from || filter.to ? { createdAt: { gte: filter.from, lte: filter.to } } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: filter.limit + 1,
  });

  const page = events.slice(0, filter.limit);
  const nextCursor = events.length > filter.limit ? page[page.length - 1]?.id.toString() : null;
  return { events: page.map((event) => ({ ...event, id: event.id.toString() })), nextCursor };
}

/** Distinct action names seen in the workspace, for the filter's suggestions. */
export async function listAuditActions(database: Db, actor: Actor): Promise<string[]> {
  const rows = await database.auditEvent.findMany({
    where: { OR: [{ workspaceId: actor.workspaceId }, { workspaceId: null }] },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((row) => row.action);
}
