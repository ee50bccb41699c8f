import type { Db } from "@/lib/db/client";
import { findInvitation } from "./users";

/**
 * Loads what the invitation page shows before the visitor sets a password: who is invited, with which
 * role, who sent it and until when. Raises NOT_FOUND like `findInvitation` when the token is unknown, used,
 * revoked or expired.
 */
export async function describeInvitation(database: Db, token: string) {
  const invitation = await findInvitation(database, token);
  const details = await database.invitation.findUnique({
    where: { id: invitation.id },
    select: { createdBy: { select: { name: true, email: true } }, workspace: { select: { name: true } } },
  });

  return {
    email: invitation.email,
    name: invitation.name,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    invitedBy: details?.createdBy ?? null,
    workspaceName: details?.workspace.name ?? null,
  };
}
