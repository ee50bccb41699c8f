import { route } from "@/lib/api/route";
import { planJobRoute } from "@/lib/api/v1/finetune-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(planJobRoute);
