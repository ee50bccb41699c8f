import { route } from "@/lib/api/route";
import { getVersionRoute } from "@/lib/api/v1/datasets-versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getVersionRoute);
