import { route } from "@/lib/api/route";
import { importModelsRoute, listProviderModelsRoute } from "@/lib/api/v1/providers-models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listProviderModelsRoute);
export const POST = route(importModelsRoute);
