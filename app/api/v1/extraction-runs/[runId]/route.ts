import { route } from "@/lib/api/route";
import { getExtractionRunRoute } from "@/lib/api/v1/extraction-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getExtractionRunRoute);
