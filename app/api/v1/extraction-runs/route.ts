import { route } from "@/lib/api/route";
import { listExtractionRunsRoute, startExtractionRunRoute } from "@/lib/api/v1/extraction-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listExtractionRunsRoute);
export const POST = route(startExtractionRunRoute);
