import { route } from "@/lib/api/route";
import { rowHistoryRoute } from "@/lib/api/v1/datasets-rows";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(rowHistoryRoute);
