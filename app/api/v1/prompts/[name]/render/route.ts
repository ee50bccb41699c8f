import { route } from "@/lib/api/route";
import { renderPromptRoute } from "@/lib/api/v1/prompts-resolve";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(renderPromptRoute);
