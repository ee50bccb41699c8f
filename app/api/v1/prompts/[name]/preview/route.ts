import { route } from "@/lib/api/route";
import { previewPromptVersionRoute } from "@/lib/api/v1/prompts-versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(previewPromptVersionRoute);
