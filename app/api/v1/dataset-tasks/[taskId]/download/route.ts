import { route } from "@/lib/api/route";
import { downloadTaskFileRoute } from "@/lib/api/v1/datasets-downloads";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(downloadTaskFileRoute);
