import { route } from "@/lib/api/route";
import { getUserRoute, updateUserRoute } from "@/lib/api/v1/users";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getUserRoute);
export const PATCH = route(updateUserRoute);
