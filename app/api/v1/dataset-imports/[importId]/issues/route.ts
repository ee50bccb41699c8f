import { route } from "@/lib/api/route";
import { listImportIssuesRoute } from "@/lib/api/v1/datasets-imports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listImportIssuesRoute);
