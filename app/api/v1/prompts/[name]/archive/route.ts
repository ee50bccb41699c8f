import { route } from "@/lib/api/route";
import { archivePromptTemplateRoute } from "@/lib/api/v1/prompts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(archivePromptTemplateRoute);
