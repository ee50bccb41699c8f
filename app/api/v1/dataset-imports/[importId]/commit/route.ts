import { route } from "@/lib/api/route";
import { commitImportRoute } from "@/lib/api/v1/datasets-imports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(commitImportRoute);
