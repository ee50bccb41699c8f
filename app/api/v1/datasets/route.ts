import { route } from "@/lib/api/route";
import { createDatasetRoute, listDatasetsRoute } from "@/lib/api/v1/datasets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listDatasetsRoute);
export const POST = route(createDatasetRoute);
