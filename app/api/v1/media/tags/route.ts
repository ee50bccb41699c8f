import { route } from "@/lib/api/route";
import { listMediaTagsRoute } from "@/lib/api/v1/media-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listMediaTagsRoute);
