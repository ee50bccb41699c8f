import { route } from "@/lib/api/route";
import { addMediaFromUrlRoute } from "@/lib/media/from-url-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(addMediaFromUrlRoute);
