import { route } from "@/lib/api/route";
import { createDeploymentRoute, listDeploymentsRoute } from "@/lib/api/v1/deployments";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(listDeploymentsRoute);
export const POST = route(createDeploymentRoute);
