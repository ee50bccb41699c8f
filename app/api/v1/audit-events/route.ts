import { route } from "@/lib/api/route";
import { listAuditEventsRoute } from "@/lib/api/v1/audit-events";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listAuditEventsRoute);
