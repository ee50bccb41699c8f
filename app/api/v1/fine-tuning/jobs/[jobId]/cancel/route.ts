import { route } from "@/lib/api/route";
import { cancelJobRoute } from "@/lib/api/v1/finetune-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(cancelJobRoute);
