import { route } from "@/lib/api/route";
import { createApiKeyRoute, listApiKeysRoute } from "@/lib/api/v1/api-keys";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listApiKeysRoute);
export const POST = route(createApiKeyRoute);
