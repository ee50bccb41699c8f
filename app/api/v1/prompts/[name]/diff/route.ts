import { route } from "@/lib/api/route";
import { diffPromptVersionsRoute } from "@/lib/api/v1/prompts-versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(diffPromptVersionsRoute);
