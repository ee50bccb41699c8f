import { route } from "@/lib/api/route";
import { captionProgressRoute, startCaptionsRoute } from "@/lib/api/v1/media-questions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(captionProgressRoute);
export const POST = route(startCaptionsRoute);
