import { route } from "@/lib/api/route";
import { createInvitationRoute, listInvitationsRoute } from "@/lib/api/v1/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listInvitationsRoute);
export const POST = route(createInvitationRoute);
