import { route } from "@/lib/api/route";
import { launchJobRoute, listJobsRoute } from "@/lib/api/v1/finetune-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listJobsRoute);
export const POST = route(launchJobRoute);
