import { route } from "@/lib/api/route";
import { listRemoteModelsRoute } from "@/lib/api/v1/providers-models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listRemoteModelsRoute);
