import { route } from "@/lib/api/route";
import { resetUserPasswordRoute } from "@/lib/api/v1/users";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(resetUserPasswordRoute);
