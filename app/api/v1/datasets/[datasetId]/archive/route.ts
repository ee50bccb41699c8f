import { route } from "@/lib/api/route";
import { archiveDatasetRoute } from "@/lib/api/v1/datasets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(archiveDatasetRoute);
