import { route } from "@/lib/api/route";
import { createTokenRoute, listTokensRoute } from "@/lib/api/v1/tokens";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listTokensRoute);
export const POST = route(createTokenRoute);
