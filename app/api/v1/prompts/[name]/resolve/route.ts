import { route } from "@/lib/api/route";
import { resolvePromptRoute } from "@/lib/api/v1/prompts-resolve";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(resolvePromptRoute);
