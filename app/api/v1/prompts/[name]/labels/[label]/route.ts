import { route } from "@/lib/api/route";
import { deletePromptLabelRoute, movePromptLabelRoute } from "@/lib/api/v1/prompts-labels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const PUT = route(movePromptLabelRoute);
export const DELETE = route(deletePromptLabelRoute);
