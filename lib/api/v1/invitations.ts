import { z } from "zod";
import { inviteUser, listPendingInvitations, revokeInvitation } from "@/lib/users/users";
import { inviteUserInput } from "@/lib/users/schemas";
import { defineRoute } from "../route";
import { createdInvitationResource, invitationResource, revokedInvitationResource } from "./schemas";

/**
 * Link an invitee opens to set a password: the page app/[locale]/invite/[token]. The path has no locale, so
 * the locale proxy picks the invitee's language from their browser.
 */
export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/invite/${encodeURIComponent(token)}`;
}

export const listInvitationsRoute = defineRoute({
  method: "GET",
  path: "/invitations",
  operationId: "listInvitations",
  summary: "List pending invitations",
  description: "Lists invitations that are neither accepted, revoked nor expired, newest first. Links are not included.",
  tag: "Invitations",
  permission: "users.manage",
  response: z.array(invitationResource),
  async handler({ actor, db }) {
    return { data: await listPendingInvitations(db, actor) };
  },
});

export const createInvitationRoute = defineRoute({
  method: "POST",
  path: "/invitations",
  operationId: "createInvitation",
  summary: "Invite a user",
  description:
    "Creates an invitation valid for 7 days and returns its link once; Luodi stores only a hash of it. The link uses LUODI_PUBLIC_URL when set, else the request's origin.",
  tag: "Invitations",
  permission: "users.manage",
  body: inviteUserInput.strict(),
  response: createdInvitationResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body, baseUrl }) {
    const { invitation, token, audit } = await inviteUser(db, actor, body);
    return { data: { ...invitation, url: invitationUrl(baseUrl, token) }, audit };
  },
});

export const revokeInvitationRoute = defineRoute({
  method: "DELETE",
  path: "/invitations/{id}",
  operationId: "revokeInvitation",
  summary: "Revoke a pending invitation",
  description:
    "Makes the invitation's link invalid. Revoking an already revoked invitation succeeds and changes nothing. An accepted invitation cannot be revoked; disable the user instead.",
  tag: "Invitations",
  permission: "users.manage",
  params: z.object({ id: z.string().min(1).max(100).describe("Invitation id") }),
  response: revokedInvitationResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { invitation, audit } = await revokeInvitation(db, actor, params.id);
    return { data: invitation, audit };
  },
});
