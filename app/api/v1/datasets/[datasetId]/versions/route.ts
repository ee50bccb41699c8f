import { route } from "@/lib/api/route";
import { listVersionsRoute } from "@/lib/api/v1/datasets-versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listVersionsRoute);
