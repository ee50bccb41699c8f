import { route } from "@/lib/api/route";
import { createExperimentRoute, listExperimentsRoute } from "@/lib/api/v1/experiments";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listExperimentsRoute);
export const POST = route(createExperimentRoute);
