import { route } from "@/lib/api/route";
import { getPromptTemplateRoute, updatePromptTemplateRoute } from "@/lib/api/v1/prompts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getPromptTemplateRoute);
export const PATCH = route(updatePromptTemplateRoute);
