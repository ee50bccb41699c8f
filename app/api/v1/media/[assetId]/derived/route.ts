import { route } from "@/lib/api/route";
import { getMediaDerivedRoute } from "@/lib/api/v1/media-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getMediaDerivedRoute);
