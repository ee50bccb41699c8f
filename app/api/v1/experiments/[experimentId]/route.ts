import { route } from "@/lib/api/route";
import { getExperimentRoute } from "@/lib/api/v1/experiments";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getExperimentRoute);
