import { route } from "@/lib/api/route";
import { getMediaPolicyRoute, updateMediaPolicyRoute } from "@/lib/api/v1/media-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getMediaPolicyRoute);
export const PUT = route(updateMediaPolicyRoute);
