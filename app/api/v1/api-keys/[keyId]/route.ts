import { route } from "@/lib/api/route";
import { getApiKeyRoute, updateApiKeyRoute } from "@/lib/api/v1/api-keys";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getApiKeyRoute);
export const PATCH = route(updateApiKeyRoute);
