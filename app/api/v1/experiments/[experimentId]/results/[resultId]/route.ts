import { route } from "@/lib/api/route";
import { getResultRoute } from "@/lib/api/v1/experiments-results";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getResultRoute);
