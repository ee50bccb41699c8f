import { route } from "@/lib/api/route";
import { exportVersionRoute } from "@/lib/api/v1/datasets-tasks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(exportVersionRoute);
