import { route } from "@/lib/api/route";
import { restorePromptTemplateRoute } from "@/lib/api/v1/prompts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(restorePromptTemplateRoute);
