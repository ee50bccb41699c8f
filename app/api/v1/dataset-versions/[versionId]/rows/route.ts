import { route } from "@/lib/api/route";
import { listRowsRoute } from "@/lib/api/v1/datasets-versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listRowsRoute);
