import { route } from "@/lib/api/route";
import { editRowRoute } from "@/lib/api/v1/datasets-rows";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const PATCH = route(editRowRoute);
