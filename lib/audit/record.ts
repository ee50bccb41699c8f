import type { Actor, RequestMeta } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

/** One mutation to record. `changes` maps a field to its value before and after; secrets are never passed in. */
export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  changes?: Record<string, { from?: unknown; to?: unknown }> | Record<string, unknown>;
};

type AuditWriter = Pick<Db, "auditEvent"> | Prisma.TransactionClient;

/** Writes an audit event for a mutation performed by `actor`. */
export async function recordAudit(
  database: AuditWriter,
  actor: Actor,
  meta: RequestMeta,
  entry: AuditEntry,
): Promise<void> {
  await database.auditEvent.create({
    data: {
      workspaceId: actor.workspaceId || null,
      actorId: actor.userId,
      actorEmail: actor.email,
      actorType: actor.type,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      changes: (entry.changes ?? undefined) as Prisma.InputJsonValue | undefined,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      requestId: meta.requestId,
    },
  });
}

/** Builds a `changes` map with only the fields whose value differs between `before` and `after`. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, value] of Object.entries(after)) {
    if (value !== undefined && before[field] !== value) changes[field] = { from: before[field], to: value };
  }
  return changes;
}
