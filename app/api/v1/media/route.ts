import { route } from "@/lib/api/route";
import { listMediaRoute, uploadMediaRoute } from "@/lib/api/v1/media-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listMediaRoute);
export const POST = route(uploadMediaRoute);
