import { route } from "@/lib/api/route";
import { downloadArtifactRoute } from "@/lib/api/v1/finetune-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(downloadArtifactRoute);
