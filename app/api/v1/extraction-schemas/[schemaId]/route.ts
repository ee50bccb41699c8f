import { route } from "@/lib/api/route";
import { archiveExtractionSchemaRoute, getExtractionSchemaRoute, updateExtractionSchemaRoute } from "@/lib/api/v1/extraction-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getExtractionSchemaRoute);
export const PATCH = route(updateExtractionSchemaRoute);
export const DELETE = route(archiveExtractionSchemaRoute);
