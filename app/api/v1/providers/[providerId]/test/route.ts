import { route } from "@/lib/api/route";
import { testProviderRoute } from "@/lib/api/v1/providers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(testProviderRoute);
