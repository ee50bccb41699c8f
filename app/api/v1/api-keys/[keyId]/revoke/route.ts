import { route } from "@/lib/api/route";
import { revokeApiKeyRoute } from "@/lib/api/v1/api-keys";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(revokeApiKeyRoute);
