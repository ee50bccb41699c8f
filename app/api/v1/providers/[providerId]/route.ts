import { route } from "@/lib/api/route";
import { deleteProviderRoute, getProviderRoute, updateProviderRoute } from "@/lib/api/v1/providers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getProviderRoute);
export const PATCH = route(updateProviderRoute);
export const DELETE = route(deleteProviderRoute);
