import { route } from "@/lib/api/route";
import { listResultsRoute } from "@/lib/api/v1/experiments-results";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listResultsRoute);
