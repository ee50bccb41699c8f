import { route } from "@/lib/api/route";
import { cancelExperimentRoute } from "@/lib/api/v1/experiments";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(cancelExperimentRoute);
