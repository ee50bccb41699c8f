import { route } from "@/lib/api/route";
import { createPromptTemplateRoute, listPromptTemplatesRoute } from "@/lib/api/v1/prompts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listPromptTemplatesRoute);
export const POST = route(createPromptTemplateRoute);
