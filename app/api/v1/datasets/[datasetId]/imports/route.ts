import { route } from "@/lib/api/route";
import { createImportRoute, listImportsRoute } from "@/lib/api/v1/datasets-imports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listImportsRoute);
export const POST = route(createImportRoute);
