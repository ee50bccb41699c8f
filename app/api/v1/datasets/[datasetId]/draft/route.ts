import { route } from "@/lib/api/route";
import { discardDraftRoute, openDraftRoute } from "@/lib/api/v1/datasets-rows";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(openDraftRoute);
export const DELETE = route(discardDraftRoute);
