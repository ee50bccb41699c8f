import { route } from "@/lib/api/route";
import { usageSeriesRoute } from "@/lib/api/v1/usage-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(usageSeriesRoute);
