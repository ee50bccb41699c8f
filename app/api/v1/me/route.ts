import { route } from "@/lib/api/route";
import { getMe } from "@/lib/api/v1/me";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getMe);
