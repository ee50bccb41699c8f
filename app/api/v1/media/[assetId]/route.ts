import { route } from "@/lib/api/route";
import { deleteMediaRoute, getMediaRoute, updateMediaRoute } from "@/lib/api/v1/media-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getMediaRoute);
export const PATCH = route(updateMediaRoute);
export const DELETE = route(deleteMediaRoute);
