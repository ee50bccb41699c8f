import { route } from "@/lib/api/route";
import { changeCanaryRoute } from "@/lib/api/v1/deployments";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(changeCanaryRoute);
