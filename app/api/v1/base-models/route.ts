import { route } from "@/lib/api/route";
import { listBaseModelsRoute, registerBaseModelRoute } from "@/lib/api/v1/finetune-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listBaseModelsRoute);
export const POST = route(registerBaseModelRoute);
