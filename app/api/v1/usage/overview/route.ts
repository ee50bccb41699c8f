import { route } from "@/lib/api/route";
import { usageOverviewRoute } from "@/lib/api/v1/usage-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(usageOverviewRoute);
