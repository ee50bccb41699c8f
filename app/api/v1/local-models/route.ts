import { route } from "@/lib/api/route";
import { registerLocalModelRoute } from "@/lib/api/v1/local-models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(registerLocalModelRoute);
