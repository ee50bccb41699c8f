import { route } from "@/lib/api/route";
import { getDatasetRoute, updateDatasetRoute } from "@/lib/api/v1/datasets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getDatasetRoute);
export const PATCH = route(updateDatasetRoute);
