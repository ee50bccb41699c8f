import { route } from "@/lib/api/route";
import { revokeInvitationRoute } from "@/lib/api/v1/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const DELETE = route(revokeInvitationRoute);
