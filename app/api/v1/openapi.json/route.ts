import { route } from "@/lib/api/route";
import { openApiDocumentRoute } from "@/lib/api/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(openApiDocumentRoute);
