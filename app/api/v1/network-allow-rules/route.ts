import { route } from "@/lib/api/route";
import { createAllowRuleRoute, listAllowRulesRoute } from "@/lib/api/v1/network-allow-rules";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listAllowRulesRoute);
export const POST = route(createAllowRuleRoute);
