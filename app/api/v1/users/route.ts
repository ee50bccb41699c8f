import { route } from "@/lib/api/route";
import { createUserRoute, listUsersRoute } from "@/lib/api/v1/users";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listUsersRoute);
export const POST = route(createUserRoute);
