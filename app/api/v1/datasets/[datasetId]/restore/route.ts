import { route } from "@/lib/api/route";
import { restoreDatasetRoute } from "@/lib/api/v1/datasets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(restoreDatasetRoute);
