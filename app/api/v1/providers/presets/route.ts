import { route } from "@/lib/api/route";
import { listProviderPresetsRoute } from "@/lib/api/v1/providers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listProviderPresetsRoute);
