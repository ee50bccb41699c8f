import { route } from "@/lib/api/route";
import { createProviderRoute, listProvidersRoute } from "@/lib/api/v1/providers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listProvidersRoute);
export const POST = route(createProviderRoute);
