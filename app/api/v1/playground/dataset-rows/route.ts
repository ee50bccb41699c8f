import { route } from "@/lib/api/route";
import { savePlaygroundRowsRoute } from "@/lib/api/v1/playground-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(savePlaygroundRowsRoute);
