import { route } from "@/lib/api/route";
import { transcribeMediaRoute } from "@/lib/api/v1/media-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(transcribeMediaRoute);
