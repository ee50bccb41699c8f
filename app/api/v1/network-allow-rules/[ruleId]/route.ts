import { route } from "@/lib/api/route";
import { deleteAllowRuleRoute, updateAllowRuleRoute } from "@/lib/api/v1/network-allow-rules";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const PATCH = route(updateAllowRuleRoute);
export const DELETE = route(deleteAllowRuleRoute);
