import { route } from "@/lib/api/route";
import { uploadDatasetTextRoute } from "@/lib/api/v1/datasets-uploads";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(uploadDatasetTextRoute);
