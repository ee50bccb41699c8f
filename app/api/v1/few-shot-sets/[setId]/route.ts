import { route } from "@/lib/api/route";
import { deleteFewShotSetRoute, getFewShotSetRoute, updateFewShotSetRoute } from "@/lib/api/v1/few-shot-sets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getFewShotSetRoute);
export const PATCH = route(updateFewShotSetRoute);
export const DELETE = route(deleteFewShotSetRoute);
