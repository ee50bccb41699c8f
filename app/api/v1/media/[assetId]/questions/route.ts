import { route } from "@/lib/api/route";
import { askMediaQuestionRoute, listMediaQuestionsRoute } from "@/lib/api/v1/media-questions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listMediaQuestionsRoute);
export const POST = route(askMediaQuestionRoute);
