import { route } from "@/lib/api/route";
import { createPromptVersionRoute, listPromptVersionsRoute } from "@/lib/api/v1/prompts-versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listPromptVersionsRoute);
export const POST = route(createPromptVersionRoute);
