import { route } from "@/lib/api/route";
import { listLocalRuntimesRoute } from "@/lib/api/v1/local-models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listLocalRuntimesRoute);
