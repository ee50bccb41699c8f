import { route } from "@/lib/api/route";
import { revokeTokenRoute } from "@/lib/api/v1/tokens";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const DELETE = route(revokeTokenRoute);
