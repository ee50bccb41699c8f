import { route } from "@/lib/api/route";
import { stopLocalRuntimeRoute } from "@/lib/api/v1/local-models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(stopLocalRuntimeRoute);
