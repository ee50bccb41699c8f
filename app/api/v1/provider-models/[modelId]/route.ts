import { route } from "@/lib/api/route";
import { deleteProviderModelRoute, updateProviderModelRoute } from "@/lib/api/v1/providers-models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const PATCH = route(updateProviderModelRoute);
export const DELETE = route(deleteProviderModelRoute);
