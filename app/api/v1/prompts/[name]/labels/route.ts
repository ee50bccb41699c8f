import { route } from "@/lib/api/route";
import { listPromptLabelsRoute } from "@/lib/api/v1/prompts-labels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listPromptLabelsRoute);
