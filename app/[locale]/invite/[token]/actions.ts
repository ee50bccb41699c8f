"use server";

import { getRequestMeta } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { acceptInvitationWithoutSession } from "@/lib/users/actions";

/** Accepts an invitation. The visitor has no session yet, so this action checks the token instead of a role. */
export async function acceptInvitation(input: unknown) {
  return acceptInvitationWithoutSession(db(), await getRequestMeta(), input);
}
