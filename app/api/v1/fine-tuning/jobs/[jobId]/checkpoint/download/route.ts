import { route } from "@/lib/api/route";
import { downloadLastCheckpointRoute } from "@/lib/api/v1/finetune-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(downloadLastCheckpointRoute);
