import { route } from "@/lib/api/route";
import { createFewShotSetRoute, listFewShotSetsRoute } from "@/lib/api/v1/few-shot-sets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listFewShotSetsRoute);
export const POST = route(createFewShotSetRoute);
