import type { Db } from "@/lib/db/client";
import type { Actor } from "./actor";

/**
 * Loads the actor for a user id from the database. Returns null when the user is gone or disabled, or when
 * `sessionVersion` is given and no longer matches (password changed, role changed, signed out everywhere).
 */
export async function loadUserActor(database: Db, userId: string, sessionVersion?: number): Promise<Actor | null> {
  const user = await database.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, status: true, sessionVersion: true, memberships: { select: { role: true, workspaceId: true }, take: 1, orderBy: { createdAt: "asc" } } },
  });
  if (!user || user.status !== "active") return null;
  if (sessionVersion !== undefined && sessionVersion !== user.sessionVersion) return null;

  const membership = user.memberships[0];
  if (!membership) return null;
  return { type: "user", userId: user.id, email: user.email, role: membership.role, workspaceId: membership.workspaceId };
}
